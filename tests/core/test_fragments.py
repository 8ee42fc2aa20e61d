"""Rendered parts of public pages kept per process (``{% fragment %}``,
``concerto.core.pagecache.fragment``).

They serve the visitors the whole-page cache cannot: anyone with a session (a participant
who started a questionnaire, a signed-in agent). What such a visitor must notice: nothing.
The same page as rendered afresh, a theme's status right at its change, an edit seen at
once, the right language, and never another visitor's form token.
"""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from concerto.consultations import demo_content
from concerto.consultations.models import Theme
from concerto.core import pagecache

pytestmark = pytest.mark.django_db

SLUG = demo_content.CONSULTATION["slug"]
THEME_URL = f"/consultations/{SLUG}/thematiques/metavers/"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def participant(client, demo_clock):
    """A visitor with a session: never served from the whole-page cache."""
    session = client.session
    session["concerto.participants"] = {"1": "jeton"}
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client


def test_a_visitor_with_a_session_gets_the_same_page_from_kept_fragments(
    participant, settings, django_assert_max_num_queries
):
    first = participant.get(THEME_URL)
    assert pagecache.HIT_HEADER not in first
    with django_assert_max_num_queries(2):
        again = participant.get(THEME_URL)
    assert again.content == first.content
    settings.FRAGMENT_CACHE_ENABLED = False
    assert participant.get(THEME_URL).content == first.content


@pytest.mark.parametrize("url", ["/", f"/consultations/{SLUG}/", THEME_URL])
def test_pages_with_kept_fragments_cost_at_most_two_queries(
    participant, url, django_assert_max_num_queries
):
    participant.get(url)
    with django_assert_max_num_queries(2):
        assert participant.get(url).status_code == 200


def test_a_theme_s_status_is_right_at_its_change(participant, demo_clock):
    theme = Theme.objects.get(slug="innovation")
    url = theme.get_absolute_url()
    demo_clock.move_to(theme.opens_at - datetime.timedelta(seconds=1))
    assert "Bientôt ouverte" in html(participant.get(url))
    assert "Bientôt ouverte" in html(participant.get(url))
    demo_clock.move_to(theme.opens_at)
    opened = html(participant.get(url))
    assert "Donnez votre avis" in opened and "Bientôt ouverte" not in opened


def test_an_edit_is_seen_at_once(participant):
    participant.get(THEME_URL)
    theme = Theme.objects.get(slug="metavers")
    theme.summary = "Un résumé revu par l’équipe."
    theme.save()
    assert "Un résumé revu par l’équipe." in html(participant.get(THEME_URL))


def test_english_and_french_never_mix(participant):
    french = html(participant.get(THEME_URL))
    english = html(participant.get("/en" + THEME_URL))
    assert "Toutes les thématiques" in french and "Toutes les thématiques" not in english
    assert "All themes" in english
    assert "Toutes les thématiques" in html(participant.get(THEME_URL))


def _render(source: str, request) -> str:
    return Template("{% load concerto %}" + source).render(Context({"request": request}))


def test_a_fragment_holding_a_form_token_is_never_kept(settings):
    request = RequestFactory().get("/")
    calls = []

    def render():
        calls.append(1)
        return f'<input name="csrfmiddlewaretoken" value="{len(calls)}">'

    first = pagecache.fragment(("form",), render, request=request)
    second = pagecache.fragment(("form",), render, request=request)
    assert len(calls) == 2
    assert 'value="1"' in first and 'value="2"' in second


def test_a_fragment_is_kept_per_values_and_dropped_when_content_changes():
    request = RequestFactory().get("/")
    source = '{% fragment "t" name %}{{ name }}-{{ other }}{% endfragment %}'
    template = Template("{% load concerto %}" + source)
    assert template.render(Context({"request": request, "name": "a", "other": 1})) == "a-1"
    # Same values: kept, even if something not among them changed (that is the contract).
    assert template.render(Context({"request": request, "name": "a", "other": 2})) == "a-1"
    assert template.render(Context({"request": request, "name": "b", "other": 2})) == "b-2"
    pagecache.content_changed()
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request, "name": "a", "other": 3})) == "a-3"


def test_the_number_of_kept_fragments_is_bounded(settings):
    settings.FRAGMENT_CACHE_ENTRIES = 2
    request = RequestFactory().get("/")
    for key in ("a", "b", "c"):
        pagecache.fragment((key,), lambda k=key: k, request=request)
    assert len(pagecache._fragments) == 2
    assert pagecache.fragment(("a",), lambda: "new", request=request) == "new"


def test_a_timeless_fragment_spares_working_out_the_next_status_change(demo_clock):
    # The footer and the head's assets depend on no date: kept without reading when the
    # next theme opens or closes (which costs the public content's queries after an edit).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**options) -> int:
        pagecache.content_changed()
        pagecache.clear()
        with CaptureQueriesContext(connection) as captured:
            pagecache.fragment(("part",), lambda: "x", request=RequestFactory().get("/"), **options)
        return len(captured)

    assert queries(timeless=True) == 0
    assert queries() > 0
