"""The whole-page cache for anonymous visitors (concerto.core.pagecache).

What a visitor must notice: the same page as without the cache, never someone else's
message, form, session or answers, never a theme's status out of date, never the other
language; and an edit seen at once.
"""

import datetime

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from concerto.consultations import demo_content
from concerto.consultations.models import Theme
from concerto.core import pagecache
from concerto.core.models import SiteProfile
from tests.core import page_cache_urls
from tests.factories import ConsultationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SLUG = demo_content.CONSULTATION["slug"]
HIT = pagecache.HIT_HEADER


def html(response) -> str:
    return response.content.decode()


# --- what is stored, what is not ---------------------------------------------------------


@pytest.fixture
def test_views(settings):
    settings.ROOT_URLCONF = "tests.core.page_cache_urls"
    page_cache_urls.CALLS["count"] = 0
    return page_cache_urls.CALLS


def test_a_plain_page_is_rendered_once_then_served_from_the_cache(client, test_views):
    first = client.get("/simple/")
    second = client.get("/simple/")
    assert (first[HIT], second[HIT]) == ("miss", "hit")
    assert first.content == second.content
    assert test_views["count"] == 1


@pytest.mark.parametrize(
    "url", ["/formulaire/", "/message/", "/session/", "/nonce/", "/cookie/", "/prive/"]
)
def test_a_page_that_belongs_to_one_visitor_is_never_stored(client, test_views, url):
    from django.test import Client

    first = client.get(url)
    assert first.status_code == 200
    assert HIT not in first
    other = Client().get(url)
    assert HIT not in other
    assert test_views["count"] == 2  # rendered for each visitor


def test_a_csrf_token_is_never_given_to_another_visitor(client, test_views):
    from django.test import Client

    mine = html(client.get("/formulaire/"))
    theirs = html(Client().get("/formulaire/"))
    token = mine.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in theirs


def test_a_message_is_never_shown_to_another_visitor(client, test_views):
    from django.test import Client

    assert "Message pour une seule personne" in html(client.get("/message/"))
    assert "Message pour une seule personne" not in html(Client().get("/simple/"))


def test_a_visitor_with_a_session_is_never_served_from_the_cache(client, test_views):
    client.get("/simple/")  # stored
    client.get("/session/")  # this visitor now has a session
    assert "sessionid" in client.cookies
    response = client.get("/simple/")
    assert HIT not in response
    assert test_views["count"] == 3


def test_a_query_string_bypasses_the_cache(client, test_views):
    client.get("/simple/?a=1")
    client.get("/simple/?a=2")
    assert test_views["count"] == 2


def test_switched_off_by_the_setting(client, test_views, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/simple/")
    assert HIT not in client.get("/simple/")
    assert test_views["count"] == 2


def test_validators_let_a_browser_or_a_proxy_revalidate(client, test_views):
    first = client.get("/simple/")
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "s-maxage=" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get("/simple/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    # A page that is not cached says nothing a proxy could keep.
    assert "ETag" not in client.get("/formulaire/")


# --- real pages -------------------------------------------------------------------------

PUBLIC_URLS = [
    "/",
    f"/consultations/{SLUG}/",
    "/consultations/",
    f"/consultations/{SLUG}/thematiques/",
    f"/consultations/{SLUG}/thematiques/metavers/",
    f"/consultations/{SLUG}/documents/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_are_served_from_the_cache_without_a_query(
    client, demo_clock, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200 and first[HIT] == "miss"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again[HIT] == "hit"
    assert again.content == first.content


def test_a_cached_page_never_shows_a_status_past_its_change(client, demo_clock):
    theme = Theme.objects.get(slug="innovation")
    url = theme.get_absolute_url()
    demo_clock.move_to(theme.opens_at - datetime.timedelta(seconds=2))
    before = client.get(url)
    assert "Bientôt ouverte" in html(before) and before[HIT] == "miss"
    demo_clock.move_to(theme.opens_at - datetime.timedelta(seconds=1))
    still = client.get(url)
    assert still[HIT] == "hit" and "Bientôt ouverte" in html(still)
    # At the opening instant the cached copy has expired: the theme is open.
    demo_clock.move_to(theme.opens_at)
    opened = client.get(url)
    assert opened[HIT] == "miss"
    assert "Donnez votre avis" in html(opened)
    # The home page's badges too.
    demo_clock.move_to(theme.opens_at - datetime.timedelta(seconds=1))
    pagecache.content_changed()
    assert html(client.get("/")).count(">En cours</p>") == 6
    demo_clock.move_to(theme.opens_at)
    assert html(client.get("/")).count(">En cours</p>") == 7


def test_a_theme_s_closing_ends_the_cached_page_too(client, demo_clock):
    theme = Theme.objects.get(slug="metavers")
    url = theme.get_absolute_url()
    demo_clock.move_to(theme.closes_at - datetime.timedelta(seconds=1))
    assert "Donnez votre avis" in html(client.get(url))
    demo_clock.move_to(theme.closes_at)
    closed = client.get(url)
    assert "Consultation terminée" in html(closed)
    assert "Donnez votre avis" not in html(closed)


def test_an_edit_is_seen_at_once(client, demo_clock):
    theme = Theme.objects.get(slug="metavers")
    client.get(theme.get_absolute_url())
    assert client.get(theme.get_absolute_url())[HIT] == "hit"
    theme.title = "Métavers et mondes virtuels"
    theme.save()
    response = client.get(theme.get_absolute_url())
    assert response[HIT] == "miss"
    assert "Métavers et mondes virtuels" in html(response)
    assert "Métavers et mondes virtuels" in html(client.get("/"))


def test_the_site_identity_edited_in_the_admin_shows_on_every_page(client, demo_clock):
    client.get("/")
    profile = SiteProfile.load()
    profile.site_title = "Concerto du ministère"
    profile.save()
    assert "Concerto du ministère" in html(client.get("/"))


def test_a_new_consultation_appears_in_the_list_at_once(client, demo_clock):
    client.get("/consultations/")
    ConsultationFactory(title="Consultation sur les archives")
    assert "Consultation sur les archives" in html(client.get("/consultations/"))


def test_english_and_french_never_mix(client, demo_clock):
    for first, second in (("/", "/en/"), ("/en/", "/")):
        pagecache.content_changed()
        client.get(first)
        a, b = client.get(first), client.get(second)
        assert a[HIT] == "hit"
        french, english = (a, b) if first == "/" else (b, a)
        assert '<html lang="fr"' in html(french) and "Accès rapide" in html(french)
        assert '<html lang="en"' in html(english) and "Skip links" in html(english)
        assert "Accès rapide" not in html(english)


def test_a_pending_message_is_shown_and_the_page_is_not_stored(client, demo_clock):
    from django.test import Client

    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.SUCCESS, "Vos réponses ont été retirées")])
    visitor = Client()
    visitor.cookies[CookieStorage.cookie_name] = encoded
    theirs = visitor.get("/")
    assert "Vos réponses ont été retirées" in html(theirs)
    assert HIT not in theirs
    mine = client.get("/")
    assert "Vos réponses ont été retirées" not in html(mine)


def test_a_participant_with_a_session_gets_a_fresh_page(client, demo_clock):
    client.get("/")  # stored for everyone
    session = client.session
    session["concerto.participants"] = {"1": "jeton"}
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert HIT not in client.get("/")


def test_a_draft_consultation_never_leaks_through_the_cache(client, demo_clock):
    hidden = ConsultationFactory(title="Brouillon secret", is_published=False)
    ThemeFactory(consultation=hidden)
    client.get("/consultations/")
    assert "Brouillon secret" not in html(client.get("/consultations/"))
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("consultations:themes", args=[hidden.slug])).status_code == 404
