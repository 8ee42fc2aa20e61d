"""A theme's status comes from its dates only: one rule in Python, the same one in SQL."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from concerto.consultations.models import Theme, ThemeStatus, status_for_dates
from tests.factories import ConsultationFactory, ThemeFactory

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2025, 6, 30, 18, 0, tzinfo=PARIS)
SECOND = datetime.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENS - SECOND, ThemeStatus.UPCOMING),
        (OPENS, ThemeStatus.OPEN),
        (OPENS + SECOND, ThemeStatus.OPEN),
        (CLOSES - SECOND, ThemeStatus.OPEN),
        (CLOSES, ThemeStatus.CLOSED),
        (CLOSES + datetime.timedelta(days=400), ThemeStatus.CLOSED),
    ],
    ids=[
        "before-opening",
        "at-opening",
        "after-opening",
        "before-closing",
        "at-closing",
        "long-after",
    ],
)
def test_status_follows_the_clock(now, expected):
    theme = Theme(opens_at=OPENS, closes_at=CLOSES)
    with time_machine.travel(now, tick=False):
        assert theme.status == expected


def test_theme_without_dates_is_upcoming_forever():
    theme = Theme(opens_at=None, closes_at=None)
    for now in (OPENS, CLOSES + datetime.timedelta(days=3650)):
        with time_machine.travel(now, tick=False):
            assert theme.status == ThemeStatus.UPCOMING


def test_theme_without_closing_date_stays_open():
    theme = Theme(opens_at=OPENS, closes_at=None)
    with time_machine.travel(OPENS - SECOND, tick=False):
        assert theme.status == ThemeStatus.UPCOMING
    with time_machine.travel(OPENS + datetime.timedelta(days=3650), tick=False):
        assert theme.status == ThemeStatus.OPEN


def test_status_labels_are_the_badges_shown_to_participants():
    assert [s.label for s in ThemeStatus] == ["À venir", "En cours", "Terminée"]


# Dates relative to a reference instant, so the grid covers every boundary.
REF = datetime.datetime(2025, 5, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
DATE_PAIRS = [
    (None, None),
    (REF - 2 * DAY, None),
    (REF, None),
    (REF + 2 * DAY, None),
    (REF - 2 * DAY, REF - DAY),
    (REF - 2 * DAY, REF),
    (REF - 2 * DAY, REF + DAY),
    (REF, REF + DAY),
    (REF + DAY, REF + 2 * DAY),
]
NOWS = [
    REF - 3 * DAY,
    REF - 2 * DAY,
    REF - DAY,
    REF - SECOND,
    REF,
    REF + SECOND,
    REF + DAY,
    REF + 3 * DAY,
]


@pytest.mark.django_db
def test_queryset_filters_agree_with_status_for_dates():
    consultation = ConsultationFactory()
    themes = [
        ThemeFactory(consultation=consultation, opens_at=opens, closes_at=closes)
        for opens, closes in DATE_PAIRS
    ]
    for now in NOWS:
        from_sql = {
            ThemeStatus.OPEN: set(Theme.objects.open(now).values_list("pk", flat=True)),
            ThemeStatus.UPCOMING: set(Theme.objects.upcoming(now).values_list("pk", flat=True)),
            ThemeStatus.CLOSED: set(Theme.objects.closed(now).values_list("pk", flat=True)),
        }
        for theme in themes:
            expected = status_for_dates(theme.opens_at, theme.closes_at, now)
            found_in = [status for status, pks in from_sql.items() if theme.pk in pks]
            assert found_in == [expected], (theme.opens_at, theme.closes_at, now)


@pytest.mark.django_db
def test_queryset_filters_default_to_the_current_time():
    consultation = ConsultationFactory()
    upcoming = ThemeFactory(consultation=consultation, opens_at=OPENS, closes_at=CLOSES)
    with time_machine.travel(OPENS - SECOND, tick=False):
        assert list(Theme.objects.upcoming()) == [upcoming]
        assert not Theme.objects.open().exists()
    with time_machine.travel(OPENS, tick=False):
        assert list(Theme.objects.open()) == [upcoming]
    with time_machine.travel(CLOSES, tick=False):
        assert list(Theme.objects.closed()) == [upcoming]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens_at", "closes_at"),
    [(CLOSES, OPENS), (OPENS, OPENS), (None, CLOSES)],
    ids=["closing-before-opening", "closing-at-opening", "closing-without-opening"],
)
def test_database_rejects_inconsistent_dates(opens_at, closes_at):
    consultation = ConsultationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(
            consultation=consultation,
            title="T",
            slug="t",
            summary="s",
            introduction="i",
            opens_at=opens_at,
            closes_at=closes_at,
        )
    assert not Theme.objects.exists()


@pytest.mark.django_db
def test_database_accepts_consistent_dates():
    consultation = ConsultationFactory()
    for index, (opens_at, closes_at) in enumerate([(None, None), (OPENS, None), (OPENS, CLOSES)]):
        ThemeFactory(
            consultation=consultation, opens_at=opens_at, closes_at=closes_at, slug=f"t{index}"
        )
    assert Theme.objects.count() == 3


def test_clean_explains_closing_before_opening_in_french():
    theme = Theme(opens_at=CLOSES, closes_at=OPENS)
    with pytest.raises(ValidationError) as excinfo:
        theme.clean()
    assert excinfo.value.message_dict == {"closes_at": ["La clôture doit suivre l’ouverture."]}


def test_clean_asks_for_an_opening_before_a_closing_in_french():
    theme = Theme(opens_at=None, closes_at=CLOSES)
    with pytest.raises(ValidationError) as excinfo:
        theme.clean()
    assert excinfo.value.message_dict == {
        "opens_at": ["Indiquez l’ouverture avant de fixer une clôture."]
    }


@pytest.mark.parametrize(
    ("opens_at", "closes_at"),
    [(None, None), (OPENS, None), (OPENS, CLOSES)],
    ids=["no-dates", "no-closing", "both"],
)
def test_clean_accepts_valid_dates(opens_at, closes_at):
    Theme(opens_at=opens_at, closes_at=closes_at).clean()
