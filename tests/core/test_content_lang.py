"""Staff-written text keeps its language on pages in another one (RGAA 8.7)."""

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    "{% load concerto %}<p{% content_lang %}>{{ text }}</p>{{ title|in_content_lang }}"
)


def render(**context) -> str:
    return TEMPLATE.render(Context(context))


def test_french_page_needs_no_mark():
    with translation.override("fr"):
        assert render(text="Métavers", title="Le <b>secteur</b>") == (
            "<p>Métavers</p>Le &lt;b&gt;secteur&lt;/b&gt;"
        )


def test_english_page_marks_content_french_and_still_escapes():
    with translation.override("en"):
        assert render(text="Métavers", title="Le <b>secteur</b>") == (
            '<p lang="fr">Métavers</p><span lang="fr">Le &lt;b&gt;secteur&lt;/b&gt;</span>'
        )


def test_empty_content_gives_no_empty_span():
    with translation.override("en"):
        assert render(text="", title="") == '<p lang="fr"></p>'
