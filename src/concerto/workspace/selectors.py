"""Reads of the workspace, scoped to the consultations the staff member works on.

Every object a workspace URL names is fetched here, through ``consultations.access``: an
object of another team's consultation is not found (404), whatever its id.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.consultations.access import (
    analysed_consultations,
    can_analyse,
    can_manage,
    managed_consultations,
)
from concerto.consultations.models import Consultation, Theme
from concerto.exports.models import Export
from concerto.surveys.admin import answered_expression, with_response_counts
from concerto.surveys.departements import DEPARTEMENTS
from concerto.surveys.models import Question, Questionnaire, Response, ResponseStatus

from .models import Membership


def my_consultations(user) -> list[Consultation]:
    consultations = list(analysed_consultations(user).order_by("-is_featured", "title"))
    roles = dict(Membership.objects.filter(user=user).values_list("consultation_id", "role"))
    managed = set(managed_consultations(user).values_list("pk", flat=True))
    for consultation in consultations:
        consultation.my_role = roles.get(consultation.pk)
        consultation.i_manage = consultation.pk in managed
    return consultations


def analysed_consultation(user, pk: int) -> Consultation:
    consultation = get_object_or_404(Consultation, pk=pk)
    if not can_analyse(user, consultation):
        raise Http404
    return consultation


def managed_theme(user, pk: int) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("consultation"), pk=pk)
    if not can_manage(user, theme.consultation):
        raise Http404
    return theme


def managed_questionnaire(user, pk: int) -> Questionnaire:
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=pk
    )
    if not can_manage(user, questionnaire.theme.consultation):
        raise Http404
    return questionnaire


def answered_question_ids(questionnaire: Questionnaire) -> set[int]:
    """The questions that have submitted answers: one index probe each, in one query."""
    return {
        pk
        for pk, answered in Question.objects.filter(questionnaire=questionnaire)
        .annotate(answered=answered_expression())
        .values_list("pk", "answered")
        if answered
    }


THEME_STATES = {
    "draft": "Brouillon",
    "upcoming": "À venir",
    "open": "En cours",
    "closed": "Terminée",
}


def dashboard(consultation: Consultation) -> dict:
    """What the consultation's dashboard shows, in a fixed number of queries."""
    now = timezone.now()
    themes = list(consultation.themes.all())
    questionnaires = list(
        with_response_counts(
            Questionnaire.objects.filter(theme__consultation=consultation).order_by(
                "theme__order", "order", "pk"
            )
        )
    )
    by_theme: dict[int, list[Questionnaire]] = {}
    for questionnaire in questionnaires:
        by_theme.setdefault(questionnaire.theme_id, []).append(questionnaire)
    for theme in themes:
        theme.state = "draft" if not theme.is_published else theme.status_at(now).value
        theme.workspace_questionnaires = by_theme.get(theme.pk, [])
        theme.submitted = sum(q.n_submitted for q in theme.workspace_questionnaires)
        theme.in_progress = sum(q.n_in_progress for q in theme.workspace_questionnaires)
    submitted = Response.objects.filter(
        questionnaire__theme__consultation=consultation, status=ResponseStatus.SUBMITTED
    ).order_by()
    over_time = list(
        submitted.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("*"))
        .order_by("day")
    )
    by_profile = list(
        submitted.values("profile__label").annotate(n=Count("*")).order_by("-n", "profile__label")
    )
    departements = list(
        submitted.exclude(departement="")
        .values("departement")
        .annotate(n=Count("*"))
        .order_by("-n", "departement")
    )
    names = dict(DEPARTEMENTS)
    for row in departements:
        row["name"] = names.get(row["departement"], row["departement"])
    total = sum(row["n"] for row in over_time)
    weeks = _by_week(over_time)
    exports = list(
        Export.objects.filter(questionnaire__theme__consultation=consultation)
        .filter(Q(expires_at__gt=now))
        .select_related("questionnaire", "requested_by")
        .order_by("-created_at")[:20]
    )
    return {
        "themes": themes,
        "questionnaires": questionnaires,
        "total_submitted": total,
        "total_in_progress": sum(q.n_in_progress for q in questionnaires),
        "over_time": weeks,
        "over_time_max": max((w["n"] for w in weeks), default=0),
        "by_profile": by_profile,
        "departements": departements[:15],
        "departement_count": len(departements),
        "exports": exports,
        "theme_states": THEME_STATES,
    }


def _by_week(days: list[dict]) -> list[dict]:
    """Daily counts summed by week (Monday first): a readable table over months."""
    weeks: dict[datetime.date, int] = {}
    for row in days:
        day = row["day"]
        if day is None:
            continue
        monday = day - datetime.timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + row["n"]
    return [{"week": week, "n": n} for week, n in sorted(weeks.items())]
