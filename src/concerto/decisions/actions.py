"""Every write of decisions: one function each, the only door to the change.

Each action takes the acting user (``actor=``), checks that they may manage the
consultation (``concerto.consultations.access.can_manage``), runs in one transaction, checks
the rules of a decision (at least one theme of its consultation, a reason when it is not
retained, a progress between 0 and 100), records a dated entry of the decision's timeline
when its status or progress changes, and an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.consultations.access import can_manage
from concerto.consultations.models import Consultation, Theme
from concerto.core import audit

from .models import (
    PROGRESS_BOUNDS,
    REASON_REQUIRED,
    Decision,
    DecisionStatus,
    DecisionUpdate,
    Evidence,
    EvidenceKind,
)

NO_THEME = gettext_lazy("Une décision répond à au moins une thématique : choisissez-en une.")


class _System:
    """The platform itself as the actor (the demo loader): allowed, audited without a person."""

    pk = None

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


def _require_manager(actor, consultation: Consultation) -> None:
    if actor is SYSTEM:
        return
    if not can_manage(actor, consultation):
        raise PermissionDenied


def check_themes(consultation: Consultation, themes: Iterable[Theme]) -> list[Theme]:
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": NO_THEME})
    foreign = [theme for theme in themes if theme.consultation_id != consultation.pk]
    if foreign:
        raise ValidationError(
            {
                "themes": _("« %(theme)s » n’est pas une thématique de cette consultation.")
                % {"theme": foreign[0].title}
            }
        )
    return themes


def check_progress(*, status: str, progress, status_reason: str) -> None:
    """The rules of a status and a progress, with a French message for each field."""
    errors = {}
    if status not in DecisionStatus.values:
        errors["status"] = _("Statut inconnu : choisissez-en un de la liste.")
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        errors["progress"] = str(PROGRESS_BOUNDS)
    elif status == DecisionStatus.DONE and progress != 100:
        errors["progress"] = _("Une décision réalisée est avancée à 100 %.")
    if status == DecisionStatus.REJECTED and not (status_reason or "").strip():
        errors["status_reason"] = str(REASON_REQUIRED)
    if errors:
        raise ValidationError(errors)


def _check_date(date: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    if date is None:
        return today
    if date > today:
        raise ValidationError({"date": _("La date d’une mise à jour ne peut pas être à venir.")})
    return date


def _reason_for(status: str, status_reason: str) -> str:
    # The reason belongs to « non retenue »: a decision taken up again drops it.
    return (status_reason or "").strip() if status == DecisionStatus.REJECTED else ""


@transaction.atomic
def save_decision(
    *,
    decision: Decision,
    themes: Iterable[Theme],
    actor,
    note: str = "",
    date: datetime.date | None = None,
) -> Decision:
    """Create ``decision`` (unsaved) or change it to the values it holds.

    The themes must be at least one, all of the decision's consultation. When the status or
    the progress differ from those stored (or on creation), a timeline entry dated ``date``
    (today by default) records them with ``note``. The given instance is the one saved, so
    that the back office goes on with it.
    """
    _require_manager(actor, decision.consultation)
    themes = check_themes(decision.consultation, themes)
    check_progress(
        status=decision.status, progress=decision.progress, status_reason=decision.status_reason
    )
    date = _check_date(date)
    decision.status_reason = _reason_for(decision.status, decision.status_reason)
    creating = decision.pk is None
    if creating:
        decision.save()
        changed_progress = True
        changed = ["created"]
    else:
        before = Decision.objects.select_for_update().get(pk=decision.pk)
        if before.consultation_id != decision.consultation_id:
            _require_manager(actor, before.consultation)
        changed_progress = (before.status, before.progress, before.status_reason) != (
            decision.status,
            decision.progress,
            decision.status_reason,
        )
        fields = ["consultation_id", "title", "description", "service", "is_published", "order"]
        changed = [f for f in fields if getattr(before, f) != getattr(decision, f)]
        decision.save()
    before_themes = set() if creating else set(decision.themes.values_list("pk", flat=True))
    if before_themes != {theme.pk for theme in themes}:
        decision.themes.set(themes)
        changed.append("themes")
    if changed_progress or note.strip():
        _timeline_entry(decision, actor=actor, note=note, date=date)
    if changed:
        audit.record(
            actor,
            "decision.create" if creating else "decision.change",
            decision,
            fields=changed,
        )
    return decision


def create_decision(
    *,
    consultation: Consultation,
    title: str,
    description: str,
    themes: Iterable[Theme],
    service: str,
    actor,
    status: str = DecisionStatus.STUDY,
    status_reason: str = "",
    progress: int = 0,
    is_published: bool = False,
    order: int = 0,
    note: str = "",
    date: datetime.date | None = None,
) -> Decision:
    """A new decision and the first entry of its timeline (see ``save_decision``)."""
    decision = Decision(
        consultation=consultation,
        title=title,
        description=description,
        service=service,
        status=status,
        status_reason=status_reason,
        progress=progress,
        is_published=is_published,
        order=order,
    )
    return save_decision(decision=decision, themes=themes, actor=actor, note=note, date=date)


def _timeline_entry(decision: Decision, *, actor, note: str, date: datetime.date):
    update = DecisionUpdate.objects.create(
        decision=decision,
        date=date,
        status=decision.status,
        progress=decision.progress,
        note=note.strip(),
        author=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor,
        "decision.progress",
        decision,
        status=decision.status,
        progress=decision.progress,
        date=date.isoformat(),
    )
    return update


@transaction.atomic
def record_progress(
    *,
    decision: Decision,
    actor,
    status: str | None = None,
    progress: int | None = None,
    status_reason: str | None = None,
    note: str = "",
    date: datetime.date | None = None,
) -> DecisionUpdate | None:
    """Set a decision's status and progress (``None`` keeps the current one) and date it.

    A reason is required to set « non retenue » (the one already given is kept). Returns the
    timeline entry, or ``None`` when nothing changed and there is no comment (a file
    imported twice adds nothing).
    """
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=decision.pk)
    )
    _require_manager(actor, locked.consultation)
    status = locked.status if status is None else status
    if status == DecisionStatus.DONE and progress is None:
        progress = 100
    progress = locked.progress if progress is None else progress
    if status_reason is None or not status_reason.strip():
        status_reason = locked.status_reason if locked.status == DecisionStatus.REJECTED else ""
    check_progress(status=status, progress=progress, status_reason=status_reason)
    date = _check_date(date)
    status_reason = _reason_for(status, status_reason)
    if (locked.status, locked.progress, locked.status_reason) == (
        status,
        progress,
        status_reason,
    ) and not note.strip():
        return None
    locked.status, locked.progress, locked.status_reason = status, progress, status_reason
    locked.save(update_fields=["status", "progress", "status_reason", "updated_at"])
    decision.status, decision.progress, decision.status_reason = status, progress, status_reason
    return _timeline_entry(locked, actor=actor, note=note, date=date)


def check_evidence(
    *,
    themes: Iterable[Theme],
    question=None,
    figure_key: str = "",
    quote=None,
    free_text_theme=None,
) -> None:
    """Evidence cites a question (and a figure of it), a quote, or a theme of the answers to
    an open question, of one of the decision's themes."""
    theme_ids = {theme.pk for theme in themes}
    if free_text_theme is not None:
        questionnaire = free_text_theme.analysis.question.questionnaire
        if questionnaire.theme_id not in theme_ids:
            raise ValidationError(
                {
                    "free_text_theme": _(
                        "Ce thème vient des réponses d’une autre thématique que celles de la "
                        "décision : ajoutez d’abord sa thématique."
                    )
                }
            )
        return
    if quote is not None:
        if quote.results.theme_id not in theme_ids:
            raise ValidationError(
                {
                    "quote": _(
                        "Cette citation vient d’une autre thématique que celles de la "
                        "décision : ajoutez d’abord sa thématique."
                    )
                }
            )
        return
    if question is None:
        raise ValidationError(
            {"question": _("Choisissez la question ou la citation dont il s’agit.")}
        )
    if question.questionnaire.theme_id not in theme_ids:
        raise ValidationError(
            {
                "question": _(
                    "Cette question n’appartient pas à une thématique de la décision : "
                    "ajoutez d’abord sa thématique."
                )
            }
        )
    if (
        figure_key
        and figure_key != question.code
        and not figure_key.startswith(f"{question.code}:")
    ):
        raise ValidationError(
            {
                "figure_key": _(
                    "La clé d’un chiffre de cette question commence par son code « %(code)s »."
                )
                % {"code": question.code}
            }
        )


@transaction.atomic
def add_evidence(
    *,
    decision: Decision,
    actor,
    question=None,
    figure_key: str = "",
    quote=None,
    free_text_theme=None,
    note: str = "",
    order: int = 0,
) -> Evidence:
    """Link a decision to what it answers: a question (optionally one of its figures), a
    quote chosen in the theme's results, or a theme the analysts validated in the answers
    to an open question. Shown publicly only once published there."""
    _require_manager(actor, decision.consultation)
    check_evidence(
        themes=decision.themes.all(),
        question=question,
        figure_key=figure_key,
        quote=quote,
        free_text_theme=free_text_theme,
    )
    if free_text_theme is not None:
        kind, question, figure_key, quote = EvidenceKind.FREE_TEXT_THEME, None, "", None
    elif quote is not None:
        kind, question, figure_key = EvidenceKind.QUOTE, None, ""
    else:
        kind = EvidenceKind.FIGURE
    evidence = Evidence.objects.create(
        decision=decision,
        kind=kind,
        question=question,
        figure_key=figure_key,
        quote=quote,
        free_text_theme=free_text_theme,
        note=note,
        order=order,
    )
    audit.record(actor, "evidence.create", evidence, decision=decision.pk)
    return evidence


def move_theme_evidence(*, sources, target) -> int:
    """Point the evidence citing ``sources`` (validated themes about to be merged) to
    ``target``, so that a merge does not silently drop a decision's evidence. Called
    inside the merge's own transaction, by the analysis' action (which checks and audits
    the merge); returns how many were moved."""
    return Evidence.objects.filter(free_text_theme__in=list(sources)).update(free_text_theme=target)
