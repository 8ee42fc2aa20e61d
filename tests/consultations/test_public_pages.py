"""What a participant sees of a consultation, its themes and its documents."""

import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from concerto.consultations import demo_content
from concerto.consultations.models import Consultation, Document, Theme
from tests.consultations.demo_time import AFTER_DEMO_END
from tests.factories import (
    ConsultationFactory,
    DocumentFactory,
    PageFactory,
    ParticipantProfileFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DEMO_SLUG = demo_content.CONSULTATION["slug"]
BADGE = re.compile(r'<p class="fr-badge[^"]*">([^<]*)</p>')


def badges(response) -> list[str]:
    return BADGE.findall(response.content.decode())


def text(response) -> str:
    return response.content.decode()


def test_home_presents_the_demo_consultation(client, demo_clock):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Stratégie numérique culturelle</h1>" in html
    assert "L’explosion des usages numériques dans la société" in html
    assert "Qui peut participer ?" in html
    for profile in demo_content.PROFILES:
        assert f'<h3 class="fr-tile__title">{profile["label"]}</h3>' in html


def test_home_lists_the_eleven_demo_themes_with_their_status(client, demo_clock):
    html = text(client.get("/"))
    for theme in demo_content.THEMES:
        assert theme["title"] in html
    assert sorted(badges(client.get("/"))) == sorted(["En cours"] * 6 + ["À venir"] * 5)


def test_themes_show_terminee_after_the_closing_date(client, demo_clock):
    demo_clock.move_to(AFTER_DEMO_END)
    response = client.get("/")
    assert badges(response) == ["Terminée"] * 11
    assert "Close depuis le" in text(response)


def test_themes_open_one_after_the_other(client, demo_clock):
    innovation = Theme.objects.get(slug="innovation")
    demo_clock.move_to(innovation.opens_at)
    assert sorted(badges(client.get("/"))) == sorted(["En cours"] * 7 + ["À venir"] * 4)


def test_home_without_published_consultation_says_so(client, site_profile):
    ConsultationFactory(is_published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert "Aucune consultation n’est ouverte pour le moment." in text(response)


def test_home_mentions_other_published_consultations(client):
    featured = ConsultationFactory(is_featured=True, title="À la une")
    other = ConsultationFactory(title="Une autre consultation")
    hidden = ConsultationFactory(title="Brouillon secret", is_published=False)
    html = text(client.get("/"))
    assert f"<h1>{featured.title}</h1>" in html
    assert other.get_absolute_url() in html
    assert hidden.title not in html


def test_theme_page_shows_status_dates_and_introduction(client, demo_clock):
    theme = Theme.objects.get(slug="metavers")
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    html = text(response)
    assert f'<h1 class="fr-mt-2w">{theme.title}</h1>' in html
    assert badges(response) == ["En cours"]
    assert "Donnez votre avis" in html
    assert "Ouverte jusqu’au 15 août 2026" in html


def test_upcoming_theme_page_announces_its_opening(client, demo_clock):
    theme = Theme.objects.get(slug="innovation")
    html = text(client.get(theme.get_absolute_url()))
    assert "Bientôt ouverte" in html
    assert "Les contributions seront ouvertes à partir du 18 avril 2026 à 00h00." in html


def test_theme_without_opening_date_says_it_will_be_announced(client):
    theme = ThemeFactory(opens_at=None, closes_at=None)
    response = client.get(theme.get_absolute_url())
    assert badges(response) == ["À venir"]
    assert "La date d’ouverture des contributions sera annoncée ici." in text(response)


def test_theme_list_shows_every_theme(client, demo_clock):
    response = client.get(reverse("consultations:themes", args=[DEMO_SLUG]))
    assert response.status_code == 200
    assert len(badges(response)) == 11


def test_documents_list_shows_format_and_french_size(client, demo_clock):
    document = Document.objects.get()
    assert document.size == 124676
    response = client.get(reverse("consultations:documents", args=[DEMO_SLUG]))
    assert response.status_code == 200
    html = text(response)
    assert document.title in html
    # French units (kibioctets), number and unit held together by a non-breaking space.
    assert filesizeformat(document.size) == "121,8\xa0Kio"
    assert "PDF – 121,8\xa0Kio" in html
    assert document.get_absolute_url() in html


def test_documents_are_grouped_by_theme(client):
    theme = ThemeFactory(title="Archives")
    DocumentFactory(consultation=theme.consultation, theme=theme, title="Note sur les archives")
    DocumentFactory(consultation=theme.consultation, title="Note générale")
    html = text(client.get(reverse("consultations:documents", args=[theme.consultation.slug])))
    assert html.index("Toute la consultation") < html.index("Note générale")
    assert html.index("Archives") < html.index("Note sur les archives")


def test_download_returns_the_pdf(client, demo_clock):
    document = Document.objects.get()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="document-methodologique.pdf"' in response["Content-Disposition"]
    from concerto.consultations.demo import ASSETS

    assert (
        b"".join(response.streaming_content)
        == (ASSETS / "document-methodologique.pdf").read_bytes()
    )


def test_download_of_a_missing_file_is_a_404(client):
    document = DocumentFactory()
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_editorial_page_renders_markdown_without_unsafe_html(client):
    page = PageFactory(body="**Important**\n\n<script>alert(1)</script>")
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Important</strong>" in text(response)
    assert "<script>alert(1)</script>" not in text(response)


def test_menu_pages_appear_in_the_main_navigation(client):
    consultation = ConsultationFactory(is_featured=True)
    page = PageFactory(consultation=consultation, title="Calendrier", show_in_menu=True)
    PageFactory(
        consultation=consultation, title="Brouillon de FAQ", show_in_menu=True, is_published=False
    )
    html = text(client.get("/"))
    assert f'href="{page.get_absolute_url()}">Calendrier</a>' in html
    assert "Brouillon de FAQ" not in html


class TestUnpublished:
    @pytest.fixture
    def draft(self):
        consultation = ConsultationFactory(is_published=False)
        theme = ThemeFactory(consultation=consultation)
        document = DocumentFactory(consultation=consultation)
        page = PageFactory(consultation=consultation)
        return consultation, theme, document, page

    def test_every_page_of_an_unpublished_consultation_is_a_404(self, client, draft):
        consultation, theme, document, page = draft
        urls = [
            consultation.get_absolute_url(),
            reverse("consultations:themes", args=[consultation.slug]),
            theme.get_absolute_url(),
            reverse("consultations:documents", args=[consultation.slug]),
            page.get_absolute_url(),
            document.get_absolute_url(),
        ]
        for url in urls:
            assert client.get(url).status_code == 404, url

    def test_unpublished_consultation_is_absent_from_lists(self, client, draft):
        consultation = draft[0]
        assert consultation.title not in text(client.get(reverse("consultations:list")))
        assert consultation.title not in text(client.get(reverse("sitemap")))

    def test_unpublished_page_of_a_published_consultation_is_a_404(self, client):
        page = PageFactory(is_published=False)
        assert client.get(page.get_absolute_url()).status_code == 404


def test_unknown_theme_shows_the_french_404_page_in_the_site_layout(client, demo_clock):
    response = client.get(reverse("consultations:theme", args=[DEMO_SLUG, "inexistante"]))
    assert response.status_code == 404
    html = text(response)
    assert "<h1>Page non trouvée</h1>" in html
    assert "Erreur 404" in html
    assert '<html lang="fr"' in html
    assert 'class="fr-header"' in html
    assert 'id="pied-de-page"' in html
    assert "Stratégie numérique culturelle" not in html.split("<main")[1].split("</main>")[0]


def test_unknown_consultation_is_a_404(client):
    assert client.get("/consultations/inconnue/").status_code == 404


def test_public_views_refuse_post(client, demo_clock):
    assert client.post("/").status_code == 405
    assert client.post(reverse("consultations:documents", args=[DEMO_SLUG])).status_code == 405


@pytest.mark.parametrize(
    "query_string",
    ["%", "%zz=%zz", "a=%ff%fe", "=&&=x", "a=" + "b" * 5000, "lang=<script>", "%00=%00", "page=-1"],
)
def test_malformed_query_strings_do_not_break_pages(client, demo_clock, query_string):
    for url in [
        "/",
        f"/consultations/{DEMO_SLUG}/",
        f"/consultations/{DEMO_SLUG}/documents/",
        "/plan-du-site/",
    ]:
        response = client.get(url, QUERY_STRING=query_string)
        assert response.status_code == 200, (url, query_string)


def test_malformed_paths_are_404_not_500(client, demo_clock):
    for path in [
        "/consultations/%ff/",
        "/consultations/%C0%AF/thematiques/",
        "/documents/99999999999999999999/telecharger/",
    ]:
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        f"/en/consultations/{DEMO_SLUG}/",
        f"/en/consultations/{DEMO_SLUG}/thematiques/metavers/",
        f"/en/consultations/{DEMO_SLUG}/documents/",
        "/en/accessibilite/",
        "/en/plan-du-site/",
    ],
)
def test_english_pages_declare_their_language(client, demo_clock, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en"' in text(response)


def test_language_switch_points_to_the_same_page_in_english(client, demo_clock):
    html = text(client.get(f"/consultations/{DEMO_SLUG}/"))
    assert f'href="/en/consultations/{DEMO_SLUG}/" hreflang="en" lang="en"' in html


def count_home_queries(client) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the worst case: the first visit after an edit, participants recounted
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_home_page_query_count_does_not_grow_with_themes(client, uncached):
    consultation = ConsultationFactory(is_featured=True)
    ParticipantProfileFactory.create_batch(4, consultation=consultation)
    DocumentFactory.create_batch(2, consultation=consultation)
    ThemeFactory.create_batch(3, consultation=consultation)
    with_three = count_home_queries(client)
    ThemeFactory.create_batch(9, consultation=consultation)
    ConsultationFactory.create_batch(3)
    with_twelve = count_home_queries(client)
    assert Consultation.objects.count() == 4
    assert with_three == with_twelve
    # 10 for the page, and 1 for the moments at which its kept fragments expire (events'
    # starts and ends, kept per process); the next visits cost at most 2 (test_fragments).
    assert with_twelve <= 11


def test_home_page_query_count_is_fixed(
    client, demo_clock, django_assert_num_queries, uncached, settings
):
    # After an edit: the public content (published consultations, their themes, profiles,
    # documents, pages and questionnaires, the site profile), the participant count, and the
    # page's own two: whether results are published (publication), the next events (events);
    # and the moments its kept fragments expire (events' starts and ends).
    from concerto.core import pagecache

    pagecache.content_changed()
    with django_assert_num_queries(11):
        client.get("/")
    # Then, until the content changes, none: the page's body is a kept fragment.
    with django_assert_num_queries(0):
        client.get("/")
    # Without kept fragments, the page's own two.
    settings.FRAGMENT_CACHE_ENABLED = False
    with django_assert_num_queries(2):
        client.get("/")


def test_theme_and_document_pages_query_count_does_not_grow(client, uncached):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultation = ConsultationFactory(is_featured=True)
    themes = ThemeFactory.create_batch(2, consultation=consultation)
    DocumentFactory(consultation=consultation, theme=themes[0])
    url = reverse("consultations:documents", args=[consultation.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for theme in themes:
        DocumentFactory.create_batch(3, consultation=consultation, theme=theme)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many) == 0
