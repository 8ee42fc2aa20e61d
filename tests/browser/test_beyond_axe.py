"""What axe-core does not see, checked as a screen reader, a keyboard or a zoomed screen meets
it: the language of each part (RGAA 8.7), fields in error (11.10, 11.11), personal fields
(11.13), the skip links at every width (12.7), the menu button (7.1), link titles (6.1),
distinct page titles (8.6)."""

from __future__ import annotations

import re

import pytest

from .conftest import OPEN_THEME, SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SURVEY = f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/enquetes/metavers/"
ENGLISH_PAGES = [
    "/en/",
    f"/en/consultations/{SLUG}/thematiques/",
    f"/en/consultations/{SLUG}/thematiques/{OPEN_THEME}/",
    f"/en/consultations/{SLUG}/documents/",
    f"/en/consultations/{SLUG}/pages/methode/",
    "/en" + SURVEY,
    "/en" + SURVEY + "profil/",
    "/en/plan-du-site/",
    "/en/mentions-legales/",
    "/en/donnees-personnelles/",
]

# Every text node of the body, with the language it is read in.
TEXTS_WITH_LANG_JS = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, noscript')) continue;
        const text = node.textContent.replace(/\\s+/g, ' ').trim();
        if (!text) continue;
        const owner = parent.closest('[lang]');
        found.push([text, owner ? owner.getAttribute('lang') : '']);
    }
    return found;
}"""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def french_content(site, django_db_blocker) -> list[str]:
    """Every piece of text staff wrote, as stored (Markdown included)."""
    from django.apps import apps
    from django.db import models

    texts = []
    with django_db_blocker.unblock():
        for model in apps.get_models():
            if not model.__module__.startswith("concerto."):
                continue
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model.objects.values_list(*fields) if fields else ():
                texts += [_normalise(str(value)) for value in row if value]
    # Long enough to be sentences or labels, not codes, slugs or names.
    return [text for text in texts if len(text) >= 12 and " " in text]


def _english_read_french(page, french_content) -> list[str]:
    problems = []
    for text, lang in page.evaluate(TEXTS_WITH_LANG_JS):
        if lang.startswith("fr") or len(text) < 12:
            continue
        if any(text in content for content in french_content):
            problems.append(f"{text[:70]!r} read as {lang!r}")
    return problems


def test_french_content_is_marked_french_on_english_pages(site, page, french_content):
    problems = {}
    for path in ENGLISH_PAGES:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "en"
        found = _english_read_french(page, french_content)
        if found:
            problems[path] = found
    # A survey step: the questions, their options and the section.
    page.goto(site + "/en" + SURVEY + "profil/")
    page.locator("#profil-fieldset label", has_text="Citoyen").click()
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/etape/1/" in page.url, page.url
    found = _english_read_french(page, french_content)
    if found:
        problems["step 1"] = found
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(p) for path, p in problems.items())


def test_french_pages_add_no_language_marks(site, page):
    page.goto(site + f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/")
    marked = page.locator("main [lang]")
    assert marked.count() == 0, marked.first.evaluate("el => el.outerHTML")
