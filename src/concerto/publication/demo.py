"""The demo's published results: a closed theme with a few thousand synthetic answers, a
written synthesis, quotes, the themes of its open question, and published results
(``make run``).

Outside the domain: it only calls the actions, as a manager would. Idempotent: a theme,
questionnaire or publication that exists is left as it is.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from concerto.consultations.demo import SEED_LAUNCH, SEED_PROSPECTIVE_START, DemoCalendar
from concerto.consultations.models import Consultation, Theme
from concerto.core.roles import CONSULTATION_MANAGER
from concerto.surveys.builders import create_questionnaire
from concerto.surveys.models import Questionnaire, ResponseStatus
from concerto.surveys.synthetic import generate
from concerto.workspace.actions import add_member

from . import actions, demo_content
from .models import ThemeResults

DEMO_EDITOR = "redaction-resultats"
RESPONSES = 3000
QUOTES = 5
# The prospective phase closed a week before the consultation opened.
CLOSED_BEFORE_LAUNCH = datetime.timedelta(days=7)


def _editor(consultation: Consultation):
    """The demo's author of the results: a manager who cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_EDITOR, defaults={"is_staff": True, "first_name": "Équipe éditoriale"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=CONSULTATION_MANAGER))
    add_member(consultation=consultation, user=user, role="manager", actor=None)
    return user


def load_demo_results(
    consultation: Consultation, *, today=None, responses: int | None = None
) -> ThemeResults:
    """Create what is missing of the closed theme, its answers and its published results."""
    if responses is None:
        responses = getattr(settings, "DEMO_RESULTS_RESPONSES", RESPONSES)
    calendar = DemoCalendar(today or timezone.localdate())
    content = demo_content.THEME
    theme, _created = Theme.objects.get_or_create(
        consultation=consultation,
        slug=content["slug"],
        defaults={
            "title": content["title"],
            "summary": content["summary"],
            "introduction": content["introduction"],
            "opens_at": calendar.start_of(SEED_PROSPECTIVE_START),
            "closes_at": calendar.start_of(SEED_LAUNCH) - CLOSED_BEFORE_LAUNCH,
            "order": 100,
            "is_published": True,  # a theme starts as a draft; the demo's is public
        },
    )
    spec = demo_content.QUESTIONNAIRE
    questionnaire = Questionnaire.objects.filter(theme=theme, slug=spec["slug"]).first()
    if questionnaire is None:
        questionnaire = create_questionnaire(theme=theme, spec=spec)
    if not questionnaire.responses.filter(status=ResponseStatus.SUBMITTED).exists():
        days = (timezone.localdate() - calendar.date(SEED_PROSPECTIVE_START)).days + 1
        generate(
            responses,
            questionnaires=Questionnaire.objects.filter(pk=questionnaire.pk),
            seed=2023,
            days=days,
        )
    _analyse(questionnaire)
    results = actions.results_for(theme)
    if results.publications.exists():
        return results
    with transaction.atomic():
        _publish(results, questionnaire)
    return results


def _analyse(questionnaire: Questionnaire) -> None:
    # The themes of the open question, validated before the results are published, so
    # that the publication shows them (concerto.freetext.demo says how they are made).
    from concerto.freetext.demo import load_demo_analysis

    load_demo_analysis(questionnaire, analyst=_editor(questionnaire.theme.consultation))


def _publish(results: ThemeResults, questionnaire: Questionnaire) -> None:
    editor = _editor(results.theme.consultation)
    # Answers of a readable length, one profile after the other: the diversity of views.
    by_profile: dict[int | None, list[int]] = {}
    candidates = (
        actions.quotable_answers(results.theme)
        .annotate(length=Length("text"))
        .filter(length__gte=140, length__lte=400)
    )
    said = set()
    for answer_id, profile_id, text in candidates.order_by("pk").values_list(
        "pk", "profile", "text"
    )[:1000]:
        # Not twice the same opinion (how the first sentence ends).
        opinion = text.split(".", 1)[0][-40:]
        if opinion not in said:
            said.add(opinion)
            by_profile.setdefault(profile_id, []).append(answer_id)
    chosen = [ids[i] for i in range(QUOTES) for ids in by_profile.values() if i < len(ids)]
    quotes = [
        actions.add_quote(results=results, answer_id=answer_id, actor=editor)
        for answer_id in chosen[:QUOTES]
    ]
    # What a manager does with a detail that could point to someone: removed, marked.
    for quote in quotes:
        if "(12 salariés)" in quote.text:
            actions.edit_quote(
                quote=quote, text=quote.text.replace(" (12 salariés)", " […]"), actor=editor
            )
    actions.save_draft(
        results=results,
        synthesis=demo_content.SYNTHESIS,
        figures=[f"{questionnaire.pk}/{code}" for code in ("priorites", "role", "strategie")],
        selected_quotes=[quote.pk for quote in quotes],
        actor=editor,
    )
    actions.publish_results(results=results, actor=editor)
