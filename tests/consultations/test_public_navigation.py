"""Several consultations on one platform, seen from outside (issue 12's public part): the
menu follows the consultation being read, every consultation is one click away, the theme
page puts action first, the consultation shows its phases and how many took part, and
French content says so under /en/."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from concerto.consultations import demo_content
from concerto.consultations.models import Theme
from tests.factories import ConsultationFactory, PageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SLUG = demo_content.CONSULTATION["slug"]


def html(response) -> str:
    return response.content.decode()


def menu(response) -> list[tuple[str, str]]:
    nav = html(response).split('id="navigation-principale"')[1].split("</nav>")[0]
    return [
        (href, re.sub(r"<[^>]+>", "", label))
        for href, label in re.findall(r'<a class="fr-nav__link" href="([^"]+)"[^>]*>(.*?)</a>', nav)
    ]


def test_the_menu_follows_the_consultation_being_read(client, demo_clock):
    other = ConsultationFactory(title="Archives et mémoire", slug="archives")
    theme = ThemeFactory(consultation=other, title="Numérisation")
    PageFactory(consultation=other, title="Méthode des archives", show_in_menu=True)
    home_menu = menu(client.get("/"))
    assert (f"/consultations/{SLUG}/thematiques/", "Thématiques") in home_menu
    for url in (other.get_absolute_url(), theme.get_absolute_url()):
        links = menu(client.get(url))
        assert ("/consultations/archives/", "Archives et mémoire") in links
        assert ("/consultations/archives/thematiques/", "Thématiques") in links
        assert ("/consultations/archives/documents/", "Documents") in links
        assert any(label == "Méthode des archives" for _href, label in links)
        assert not any(SLUG in href for href, _label in links)


def test_every_page_leads_to_the_list_of_consultations(client, demo_clock):
    theme = Theme.objects.get(slug="metavers")
    for url in ("/", theme.get_absolute_url(), reverse("legal_notice"), reverse("sitemap")):
        assert ("/consultations/", "Toutes les consultations") in menu(client.get(url)), url


def test_the_featured_consultation_is_the_home_page(client, demo_clock):
    ConsultationFactory(title="Une autre consultation")
    page = html(client.get("/"))
    assert "<h1>Stratégie numérique culturelle</h1>" in page
    assert "Une autre consultation" in page  # « Autres consultations »


def test_the_theme_page_puts_action_first(client, demo_clock):
    from concerto.surveys.demo import load_demo_surveys

    theme = Theme.objects.get(slug="metavers")
    load_demo_surveys(theme.consultation)
    page = html(client.get(theme.get_absolute_url()))
    button = page.index("Répondre à l’enquête")
    assert page.index("<h1") < page.index("Ouverte jusqu’au") < button
    assert button < page.index("Présentation de la thématique")
    assert button < page.index(f">{theme.summary}</p>")  # the lead paragraph (not the meta)


def test_the_consultation_shows_its_phases_and_participation(client, demo_clock):
    page = html(client.get("/"))
    timeline = page.split('aria-labelledby="calendrier"')[1].split("</section>")[0]
    assert "Calendrier de la consultation" in page
    current = re.findall(
        r'<li class="[^"]*--current" aria-current="step">\s*<p[^>]*>([^<]*)', timeline
    )
    assert current == ["Contributions "]
    assert "<strong>0</strong> personnes ont participé." in timeline


def test_the_participation_counts_people_who_sent_answers(client, demo_clock):
    from django.utils import timezone

    from concerto.participation.models import Participant
    from concerto.surveys.demo import load_demo_surveys
    from concerto.surveys.models import Response, ResponseStatus

    load_demo_surveys(Theme.objects.get(slug="metavers").consultation)
    questionnaire = Theme.objects.get(slug="metavers").questionnaires.get()
    for number in range(4):
        participant = Participant.objects.create(consultation=questionnaire.theme.consultation)
        Response.objects.create(
            questionnaire=questionnaire,
            participant=participant,
            status=ResponseStatus.SUBMITTED if number else ResponseStatus.IN_PROGRESS,
            submitted_at=timezone.now() if number else None,
        )
    cache.clear()
    assert "<strong>3</strong> personnes ont participé." in html(client.get("/"))


def test_after_the_last_closing_the_consultation_is_in_analysis(client, demo_clock):
    from tests.consultations.demo_time import AFTER_DEMO_END

    demo_clock.move_to(AFTER_DEMO_END)
    page = html(client.get("/"))
    timeline = page.split('aria-labelledby="calendrier"')[1].split("</section>")[0]
    assert 'aria-current="step">\n      <p class="fr-text--bold fr-mb-0">Analyse' in timeline


def test_french_content_is_marked_and_announced_under_en(client, demo_clock):
    theme = Theme.objects.get(slug="metavers")
    for url in ("/en/", f"/en{theme.get_absolute_url()}"):
        page = html(client.get(url))
        assert '<html lang="en"' in page
        assert "This content is available in French only." in page
        assert re.search(r'<h1[^>]*lang="fr"', page), url
    assert "disponible qu’en français" not in html(client.get("/"))
    assert "available in French only" not in html(client.get("/"))
