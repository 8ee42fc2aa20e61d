"""The demo consultation: loaded on any day, always in the same shape, never over an edit."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from concerto.consultations.demo import load_demo
from concerto.consultations.models import (
    Consultation,
    Document,
    Theme,
    ThemeStatus,
)
from concerto.participation.models import ParticipantProfile
from tests.consultations.demo_time import DEMO_NOW

pytestmark = pytest.mark.django_db

OPEN_SLUGS = {
    "metavers",
    "creation-artistique-environnement-numerique",
    "impact-ecologique",
    "langue-francaise",
    "archivage-numerique",
    "donnees-intelligence-artificielle",
}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Consultation, ParticipantProfile, Theme, Document)
    }


def test_command_loads_the_demo_and_reports_it():
    out = io.StringIO()
    with time_machine.travel(DEMO_NOW, tick=False):
        call_command("load_demo", stdout=out)
    # the eleven themes of the seed, and the closed one with published results
    assert counts() == {"Consultation": 1, "ParticipantProfile": 4, "Theme": 12, "Document": 1}
    assert "Stratégie numérique culturelle" in out.getvalue()
    assert "12 themes" in out.getvalue()
    consultation = Consultation.objects.get()
    assert consultation.is_published
    assert consultation.is_featured


def test_loading_twice_changes_nothing():
    with time_machine.travel(DEMO_NOW, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        first = counts()
        files = sorted(Document.objects.values_list("file", flat=True))
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert sorted(Document.objects.values_list("file", flat=True)) == files


def test_reloading_keeps_a_managers_edits():
    with time_machine.travel(DEMO_NOW, tick=False):
        load_demo()
    theme = Theme.objects.get(slug="metavers")
    theme.title = "Métavers et mondes virtuels"
    theme.closes_at = theme.opens_at + datetime.timedelta(days=10)
    theme.save(update_fields=["title", "closes_at"])
    consultation = Consultation.objects.get()
    consultation.tagline = "Accroche revue par l’équipe"
    consultation.save(update_fields=["tagline"])

    with time_machine.travel(DEMO_NOW + datetime.timedelta(days=40), tick=False):
        load_demo()

    theme.refresh_from_db()
    assert theme.title == "Métavers et mondes virtuels"
    assert theme.closes_at == theme.opens_at + datetime.timedelta(days=10)
    assert Consultation.objects.get().tagline == "Accroche revue par l’équipe"


def test_reloading_recreates_a_deleted_theme():
    with time_machine.travel(DEMO_NOW, tick=False):
        load_demo()
        Theme.objects.filter(slug="publics").delete()
        load_demo()
    assert Theme.objects.filter(slug="publics").count() == 1
    assert Theme.objects.count() == 11


@pytest.mark.parametrize(
    "today",
    [
        DEMO_NOW,
        datetime.datetime(2027, 10, 30, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2028, 3, 26, 1, 30, tzinfo=datetime.UTC),
    ],
    ids=["spring", "night-of-dst-end", "night-of-dst-start"],
)
def test_on_loading_day_six_themes_are_open_and_five_upcoming(today):
    with time_machine.travel(today, tick=False):
        load_demo()
        statuses = {theme.slug: theme.status for theme in Theme.objects.all()}
        assert set(Theme.objects.open().values_list("slug", flat=True)) == OPEN_SLUGS
        assert Theme.objects.upcoming().count() == 5
    assert {slug for slug, status in statuses.items() if status == ThemeStatus.OPEN} == OPEN_SLUGS
    assert list(statuses.values()).count(ThemeStatus.UPCOMING) == 5


def test_upcoming_themes_open_in_order_before_the_end():
    with time_machine.travel(DEMO_NOW, tick=False):
        load_demo()
    upcoming = list(Theme.objects.exclude(slug__in=OPEN_SLUGS).order_by("order"))
    openings = [theme.opens_at for theme in upcoming]
    assert openings == sorted(openings)
    assert all(
        DEMO_NOW < opens < theme.closes_at for opens, theme in zip(openings, upcoming, strict=True)
    )


def test_demo_texts_are_dated_from_the_loading_day():
    with time_machine.travel(DEMO_NOW, tick=False):
        call_command("load_demo", stdout=io.StringIO())
    purpose = Consultation.objects.get().purpose
    assert "de mars 2026 à août 2026" in purpose
    assert "{" not in purpose


def test_second_consultation_does_not_steal_the_featured_place():
    from tests.factories import ConsultationFactory

    featured = ConsultationFactory(is_featured=True)
    with time_machine.travel(DEMO_NOW, tick=False):
        demo = load_demo()
    assert not demo.is_featured
    featured.refresh_from_db()
    assert featured.is_featured
