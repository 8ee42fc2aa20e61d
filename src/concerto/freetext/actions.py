"""Every write of the free-text analysis: one function each, the only door to the change.

Each action takes the acting user first, checks that they may analyse the question's
consultation (``concerto.consultations.access.can_analyse``: its managers and analysts,
never anyone else), runs in one transaction, checks the rules below (a French message in a
``ValidationError`` when one fails), records an audit event, and enqueues background work
only once the transaction commits.

Every action locks its analysis's row first, and the runs lock it before they write: the
writes to one analysis happen one after the other, whoever makes them (two analysts, an
analyst and a finishing run), so that no rule is checked on a state another write is
changing. The database keeps one active run per analysis too.

What people decide is never undone by the machine: a run writes candidates, campaign
groups and the machine's assignments; validated themes and reviews are written here only.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.access import can_analyse
from concerto.consultations.models import Consultation
from concerto.core import audit
from concerto.surveys.models import AnswerValue, Question

from .models import (
    Analysis,
    Assignment,
    CandidateAssignment,
    CandidateTheme,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)
from .selectors import analysed_answers, text_kinds

# A run still queued or running this long after it was asked for was lost (a worker
# stopped in the middle): it no longer blocks the next one.
LOST_RUN_AFTER = datetime.timedelta(hours=6)
LABEL_MAX_LENGTH = ValidatedTheme._meta.get_field("label").max_length
# The analyst's bounds on the number of themes a discovery proposes.
THEMES_BOUNDS = (2, 50)


# --- reads the actions and the runs share ------------------------------------------------------


def is_analysable(question: Question) -> bool:
    """Its answers are free texts (``selectors.text_kinds``)."""
    return question.kind in text_kinds()


def first_reviews(analysis: Analysis, answer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """For each reviewed answer (of ``answer_ids``, or all), the analyst of its first
    review: the one whose themes results count."""
    first: dict[int, int] = {}
    # A double coding is never the first review (the results' rule too: selectors).
    rows = Review.objects.filter(analysis=analysis).order_by("is_double", "created_at", "pk")
    if answer_ids is not None:
        rows = rows.filter(answer_id__in=list(answer_ids))
    for answer_id, analyst_id in rows.values_list("answer_id", "analyst_id"):
        first.setdefault(answer_id, analyst_id)
    return first


def _consultation(question_id: int) -> Consultation:
    return Consultation.objects.get(themes__questionnaires__questions__pk=question_id)


def _require_analyst(actor, question_id: int) -> Consultation:
    consultation = _consultation(question_id)
    if not can_analyse(actor, consultation):
        raise PermissionDenied
    return consultation


def _lock(analysis: Analysis) -> Analysis:
    """The analysis's row, locked until the transaction ends (see the module docstring)."""
    return Analysis.objects.select_for_update().select_related("question").get(pk=analysis.pk)


def _same_analysis(themes: Iterable[ValidatedTheme], analysis: Analysis) -> list[ValidatedTheme]:
    themes = list(themes)
    if any(theme.analysis_id != analysis.pk for theme in themes):
        raise ValidationError(_("Ces thèmes n’appartiennent pas tous à la même analyse."))
    return themes


def _fresh_themes(themes: Iterable[ValidatedTheme], analysis: Analysis) -> list[ValidatedTheme]:
    """The themes as stored now (another analyst may have deleted one meanwhile)."""
    themes = _same_analysis(themes, analysis)
    stored = ValidatedTheme.objects.in_bulk([theme.pk for theme in themes])
    missing = [theme for theme in themes if theme.pk not in stored]
    if missing:
        raise ValidationError(
            _("Le thème « %(label)s » n’existe plus : il a été supprimé ou fusionné entre-temps.")
            % {"label": missing[0].label}
        )
    return [stored[theme.pk] for theme in themes]


def _theme_named(analysis: Analysis, label: str) -> ValidatedTheme | None:
    """The analysis's theme with this label, whatever its case (compared here: SQLite's
    case-insensitive match knows only ASCII letters, « É » is not « é » to it)."""
    key = label.casefold()
    for theme in ValidatedTheme.objects.filter(analysis=analysis):
        if theme.label.casefold() == key:
            return theme
    return None


def _clean_label(analysis: Analysis, label: str, *, exclude: int | None = None) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": _("Donnez un libellé au thème.")})
    if len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(
            {
                "label": _("Un libellé tient en %(max)d caractères au plus.")
                % {"max": LABEL_MAX_LENGTH}
            }
        )
    taken = _theme_named(analysis, label)
    if taken is not None and taken.pk != exclude:
        raise ValidationError({"label": _("Un thème porte déjà ce libellé dans cette analyse.")})
    return label


def _next_position(analysis: Analysis) -> int:
    top = ValidatedTheme.objects.filter(analysis=analysis).aggregate(top=Max("position"))["top"]
    return 0 if top is None else min(top + 1, 32767)


def _person(actor) -> None:
    # Reviews and analyst assignments name a person: nobody else codes an answer.
    if not getattr(actor, "pk", None):
        raise PermissionDenied


# --- runs --------------------------------------------------------------------------------------


def _forget_lost_runs(analysis: Analysis) -> None:
    lost = Run.objects.filter(
        analysis=analysis,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        queued_at__lt=timezone.now() - LOST_RUN_AFTER,
    )
    lost.update(
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        error=_("Traitement interrompu (le service de calcul s’est arrêté) : relancez-le."),
    )


def _check_no_active_run(analysis: Analysis) -> None:
    _forget_lost_runs(analysis)
    if Run.objects.filter(
        analysis=analysis, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists():
        raise ValidationError(
            _("Un traitement de cette analyse est déjà en cours : attendez qu’il se termine.")
        )


def _create_run(analysis: Analysis, kind: str, actor) -> Run:
    try:
        with transaction.atomic():
            return Run.objects.create(analysis=analysis, kind=kind, started_by=actor)
    except IntegrityError:
        # The lock makes this all but unreachable; the constraint is the database's own
        # guarantee, should a write ever forget the lock.
        raise ValidationError(
            _(
                "Un autre traitement de cette analyse vient d’être lancé : attendez qu’il se termine."
            )
        ) from None


def _enqueue(run: Run) -> None:
    from . import tasks

    task = tasks.run_discovery if run.kind == RunKind.DISCOVER else tasks.run_coding
    transaction.on_commit(functools.partial(task.enqueue, run.pk))


def _check_bounds(min_themes, max_themes, analysis: Analysis | None) -> tuple[int, int]:
    low = min_themes if min_themes is not None else (analysis.min_themes if analysis else 3)
    high = max_themes if max_themes is not None else (analysis.max_themes if analysis else 15)
    lowest, highest = THEMES_BOUNDS
    if not (isinstance(low, int) and isinstance(high, int)) or not (
        lowest <= low <= high <= highest
    ):
        raise ValidationError(
            {
                "max_themes": _(
                    "Le nombre de thèmes va de %(lowest)d à %(highest)d, le minimum ne "
                    "dépassant pas le maximum."
                )
                % {"lowest": lowest, "highest": highest}
            }
        )
    return low, high


@transaction.atomic
def start_discovery(
    actor, question: Question, *, min_themes: int | None = None, max_themes: int | None = None
) -> Run:
    """Queue a discovery of the question's themes; the worker runs it after commit.

    Creates the question's analysis on its first run. Refused when the question is not a
    free-text question, has no answer yet, or a run of its analysis is queued or running.
    The bounds, when given, are kept on the analysis for the next runs."""
    _require_analyst(actor, question.pk)
    if not is_analysable(question):
        raise ValidationError(
            _("Cette question n’appelle pas de réponse libre : elle ne s’analyse pas.")
        )
    analysis, created = Analysis.objects.get_or_create(
        question=question, defaults={"created_by": actor if getattr(actor, "pk", None) else None}
    )
    analysis = _lock(analysis)
    low, high = _check_bounds(min_themes, max_themes, analysis)
    _check_no_active_run(analysis)
    if not analysed_answers(question.pk).exists():
        raise ValidationError(_("Cette question n’a encore reçu aucune réponse à analyser."))
    if (low, high) != (analysis.min_themes, analysis.max_themes):
        analysis.min_themes, analysis.max_themes = low, high
        analysis.save(update_fields=["min_themes", "max_themes"])
    run = _create_run(analysis, RunKind.DISCOVER, actor)
    audit.record(
        actor,
        "analysis.discovery_started",
        run,
        question=question.pk,
        min_themes=low,
        max_themes=high,
        analysis_created=created,
    )
    _enqueue(run)
    return run


@transaction.atomic
def start_coding(actor, analysis: Analysis) -> Run:
    """Queue the coding of the answers no analyst reviewed, from the validated themes (the
    codebook) and the reviewed answers (the examples). Refused without a validated theme
    or while a run of the analysis is queued or running."""
    _require_analyst(actor, analysis.question_id)
    analysis = _lock(analysis)
    _check_no_active_run(analysis)
    if not ValidatedTheme.objects.filter(analysis=analysis).exists():
        raise ValidationError(
            _("Validez ou écrivez au moins un thème avant de coder les autres réponses.")
        )
    if not analysed_answers(analysis.question_id).exists():
        raise ValidationError(_("Cette question n’a encore reçu aucune réponse à analyser."))
    run = _create_run(analysis, RunKind.CODE, actor)
    audit.record(actor, "analysis.coding_started", run, question=analysis.question_id)
    _enqueue(run)
    return run


# --- themes ------------------------------------------------------------------------------------


@transaction.atomic
def validate_candidates(actor, candidates: Sequence[CandidateTheme]) -> list[ValidatedTheme]:
    """Keep the machine's proposals as validated themes, in the order given.

    Each becomes a theme with its label (and its key terms as a first description, which
    guides the coding); its answers are copied as the machine's assignments, naming the
    run. A proposal whose label is already a theme's joins that theme. Refused for
    proposals of several analyses, of a run that did not finish, or already validated."""
    candidates = list(candidates)
    if not candidates:
        raise ValidationError(_("Choisissez au moins un thème proposé."))
    runs = Run.objects.in_bulk({candidate.run_id for candidate in candidates})
    analysis_ids = {run.analysis_id for run in runs.values()}
    if len(analysis_ids) != 1 or len(runs) != len({c.run_id for c in candidates}):
        raise ValidationError(_("Ces thèmes proposés n’appartiennent pas tous à la même analyse."))
    analysis = Analysis.objects.get(pk=analysis_ids.pop())
    _require_analyst(actor, analysis.question_id)
    analysis = _lock(analysis)
    stored = CandidateTheme.objects.in_bulk([candidate.pk for candidate in candidates])
    if len(stored) != len({c.pk for c in candidates}):
        raise ValidationError(_("Un thème proposé n’existe plus : rechargez la page."))
    if any(run.status != RunStatus.DONE for run in runs.values()):
        raise ValidationError(
            _("Ce traitement n’est pas terminé : ses propositions ne se valident pas.")
        )
    already = [stored[c.pk] for c in candidates if stored[c.pk].validated_as_id is not None]
    if already:
        raise ValidationError(_("« %(label)s » a déjà été validé.") % {"label": already[0].label})
    position = _next_position(analysis)
    themes: list[ValidatedTheme] = []
    for candidate in dict.fromkeys(stored[c.pk] for c in candidates):
        label = " ".join(candidate.label.split())[:LABEL_MAX_LENGTH] or _("Thème sans libellé")
        theme = _theme_named(analysis, label)
        joined = theme is not None
        if theme is None:
            theme = ValidatedTheme.objects.create(
                analysis=analysis,
                label=label,
                description=", ".join(candidate.terms[:8]),
                position=position,
                created_by=actor,
            )
            position += 1
        answer_ids = CandidateAssignment.objects.filter(candidate=candidate).values_list(
            "answer_id", flat=True
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    answer_id=answer_id, theme=theme, source=Source.MACHINE, run_id=candidate.run_id
                )
                for answer_id in answer_ids
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        candidate.validated_as = theme
        candidate.save(update_fields=["validated_as"])
        audit.record(
            actor,
            "analysis.theme_validated",
            theme,
            candidate=candidate.pk,
            run=candidate.run_id,
            joined_existing=joined,
        )
        themes.append(theme)
    return themes


@transaction.atomic
def create_theme(actor, analysis: Analysis, *, label: str, description: str = "") -> ValidatedTheme:
    """A theme written by hand (no answer yet). Its label is unique in the analysis,
    whatever its case."""
    _require_analyst(actor, analysis.question_id)
    analysis = _lock(analysis)
    label = _clean_label(analysis, label)
    theme = ValidatedTheme.objects.create(
        analysis=analysis,
        label=label,
        description=(description or "").strip(),
        position=_next_position(analysis),
        created_by=actor,
    )
    audit.record(actor, "analysis.theme_created", theme)
    return theme


@transaction.atomic
def rename_theme(
    actor, theme: ValidatedTheme, *, label: str, description: str | None = None
) -> ValidatedTheme:
    """A new label (unique in the analysis) and, when given, a new description."""
    _require_analyst(actor, theme.analysis.question_id)
    analysis = _lock(theme.analysis)
    [theme] = _fresh_themes([theme], analysis)
    before = (theme.label, theme.description)
    theme.label = _clean_label(analysis, label, exclude=theme.pk)
    if description is not None:
        theme.description = description.strip()
    theme.save(update_fields=["label", "description", "updated_at"])
    audit.record(
        actor,
        "analysis.theme_renamed",
        theme,
        before=before[0],
        description_changed=before[1] != theme.description,
    )
    return theme


def _move_assignments(rows: QuerySet[Assignment], target: ValidatedTheme) -> tuple[int, int]:
    """Give ``rows`` to ``target``; rows it already has (the same answer, by the same
    author) are dropped. Returns (moved, dropped)."""
    kept: set[tuple] = set(
        Assignment.objects.filter(theme=target).values_list("answer_id", "source", "analyst_id")
    )
    move, drop = [], []
    for pk, answer_id, source, analyst_id in rows.order_by("pk").values_list(
        "pk", "answer_id", "source", "analyst_id"
    ):
        key = (answer_id, source, analyst_id)
        (drop if key in kept else move).append(pk)
        kept.add(key)
    for start in range(0, len(drop), 5000):
        Assignment.objects.filter(pk__in=drop[start : start + 5000]).delete()
    for start in range(0, len(move), 5000):
        Assignment.objects.filter(pk__in=move[start : start + 5000]).update(theme=target)
    return len(move), len(drop)


@transaction.atomic
def merge_themes(
    actor, target: ValidatedTheme, sources: Sequence[ValidatedTheme]
) -> ValidatedTheme:
    """Fold ``sources`` into ``target``: their answers (machine's and analysts') go to the
    target, an answer already there is not counted twice, and the sources are deleted.
    Refused for themes of another analysis, or a target among its sources."""
    sources = list(sources)
    _require_analyst(actor, target.analysis.question_id)
    if not sources:
        raise ValidationError(_("Choisissez au moins un thème à fusionner dans celui-ci."))
    if any(source.pk == target.pk for source in sources):
        raise ValidationError(_("Un thème ne se fusionne pas avec lui-même."))
    analysis = _lock(target.analysis)
    target, *sources = _fresh_themes([target, *sources], analysis)
    sources = list(dict.fromkeys(sources))
    moved, dropped = _move_assignments(Assignment.objects.filter(theme__in=sources), target)
    CandidateTheme.objects.filter(validated_as__in=sources).update(validated_as=target)
    # A decision citing a merged theme now cites the theme it went into (not deleted with it).
    from concerto.decisions.actions import move_theme_evidence

    evidence = move_theme_evidence(sources=sources, target=target)
    audit.record(
        actor,
        "analysis.themes_merged",
        target,
        sources=[{"id": source.pk, "label": source.label} for source in sources],
        moved=moved,
        dropped=dropped,
        evidence=evidence,
    )
    ValidatedTheme.objects.filter(pk__in=[source.pk for source in sources]).delete()
    target.save(update_fields=["updated_at"])
    return target


@transaction.atomic
def split_theme(
    actor, theme: ValidatedTheme, *, answers: Sequence[AnswerValue], label: str
) -> ValidatedTheme:
    """Move the chosen answers of ``theme`` to a new theme called ``label``; returns it.
    Every assignment of those answers to ``theme`` moves (the machine's and the analysts'),
    so who made each stays recorded. Refused when an answer is not in the theme."""
    _require_analyst(actor, theme.analysis.question_id)
    answer_ids = list(dict.fromkeys(answer.pk for answer in answers))
    if not answer_ids:
        raise ValidationError(_("Choisissez les réponses qui forment le nouveau thème."))
    analysis = _lock(theme.analysis)
    [theme] = _fresh_themes([theme], analysis)
    rows = Assignment.objects.filter(theme=theme, answer_id__in=answer_ids)
    outside = set(answer_ids) - set(rows.values_list("answer_id", flat=True))
    if outside:
        raise ValidationError(
            _("%(count)d des réponses choisies ne sont pas dans le thème « %(label)s ».")
            % {"count": len(outside), "label": theme.label}
        )
    new = ValidatedTheme.objects.create(
        analysis=analysis,
        label=_clean_label(analysis, label),
        position=_next_position(analysis),
        created_by=actor,
    )
    moved = rows.update(theme=new)
    audit.record(
        actor,
        "analysis.theme_split",
        new,
        source={"id": theme.pk, "label": theme.label},
        answers=answer_ids,
        moved=moved,
    )
    return new


@transaction.atomic
def delete_theme(actor, theme: ValidatedTheme) -> None:
    """Delete the theme and every assignment to it. A review that gave only this theme
    now says « none of the themes »; the proposal it came from can be validated again."""
    _require_analyst(actor, theme.analysis.question_id)
    analysis = _lock(theme.analysis)
    [theme] = _fresh_themes([theme], analysis)
    counts = {
        source: Assignment.objects.filter(theme=theme, source=source).count()
        for source in Source.values
    }
    audit.record(actor, "analysis.theme_deleted", theme, label=theme.label, assignments=counts)
    theme.delete()


# --- answers -----------------------------------------------------------------------------------


def _analyst_themes(analysis: Analysis, answer_ids: Iterable[int], analyst_id: int) -> dict:
    themes: dict[int, set[int]] = {}
    for answer_id, theme_id in Assignment.objects.filter(
        theme__analysis=analysis,
        source=Source.ANALYST,
        analyst_id=analyst_id,
        answer_id__in=list(answer_ids),
    ).values_list("answer_id", "theme_id"):
        themes.setdefault(answer_id, set()).add(theme_id)
    return themes


def _set_review(
    analysis: Analysis, answer_id: int, analyst, themes: set[int], *, is_double: bool
) -> Review:
    """The analyst's review of the answer, with exactly ``themes`` as their assignments."""
    review, _created = Review.objects.get_or_create(
        answer_id=answer_id,
        analyst=analyst,
        defaults={"analysis": analysis, "is_double": is_double},
    )
    if not _created:
        review.save(update_fields=["updated_at"])
    mine = Assignment.objects.filter(
        answer_id=answer_id, source=Source.ANALYST, analyst=analyst, theme__analysis=analysis
    )
    mine.exclude(theme_id__in=themes).delete()
    have = set(mine.values_list("theme_id", flat=True))
    Assignment.objects.bulk_create(
        [
            Assignment(
                answer_id=answer_id, theme_id=theme_id, source=Source.ANALYST, analyst=analyst
            )
            for theme_id in sorted(themes - have)
        ]
    )
    return review


@transaction.atomic
def move_answers(
    actor, answers: Sequence[AnswerValue], *, from_theme: ValidatedTheme, to_theme: ValidatedTheme
) -> int:
    """Move answers from one theme to another: an analyst's decision, recorded as theirs.

    Each answer's themes, as results count them, lose ``from_theme`` and gain
    ``to_theme``; they become the actor's review of the answer (made or updated), with
    analyst assignments. Refused for an answer not in ``from_theme``, or whose first review
    is another analyst's (their coding is the one that counts: code it in the double-coding
    sample instead). Returns the number of answers moved."""
    _person(actor)
    _require_analyst(actor, from_theme.analysis.question_id)
    if from_theme.pk == to_theme.pk:
        raise ValidationError(_("Choisissez un autre thème que celui d’origine."))
    answer_ids = list(dict.fromkeys(answer.pk for answer in answers))
    if not answer_ids:
        raise ValidationError(_("Choisissez au moins une réponse à déplacer."))
    analysis = _lock(from_theme.analysis)
    from_theme, to_theme = _fresh_themes([from_theme, to_theme], analysis)
    first = first_reviews(analysis, answer_ids)
    if any(analyst_id != actor.pk for analyst_id in first.values()):
        raise ValidationError(
            _(
                "Une de ces réponses a déjà été codée par un autre analyste : c’est son "
                "codage qui compte, il ne se déplace pas d’ici."
            )
        )
    mine = _analyst_themes(analysis, first, actor.pk)
    machine: dict[int, set[int]] = {}
    for answer_id, theme_id in Assignment.objects.filter(
        theme__analysis=analysis, source=Source.MACHINE, answer_id__in=answer_ids
    ).values_list("answer_id", "theme_id"):
        machine.setdefault(answer_id, set()).add(theme_id)
    effective = {
        a: (mine.get(a, set()) if a in first else machine.get(a, set())) for a in answer_ids
    }
    outside = [a for a in answer_ids if from_theme.pk not in effective[a]]
    if outside:
        raise ValidationError(
            _("%(count)d des réponses choisies ne sont pas dans le thème « %(label)s ».")
            % {"count": len(outside), "label": from_theme.label}
        )
    for answer_id in answer_ids:
        themes = (effective[answer_id] - {from_theme.pk}) | {to_theme.pk}
        _set_review(analysis, answer_id, actor, themes, is_double=False)
    audit.record(
        actor,
        "analysis.answers_moved",
        to_theme,
        from_theme={"id": from_theme.pk, "label": from_theme.label},
        answers=answer_ids,
    )
    return len(answer_ids)


@transaction.atomic
def code_answer(
    actor, answer: AnswerValue, *, themes: Sequence[ValidatedTheme], double: bool = False
) -> Review:
    """The actor codes the answer by hand: their review, with exactly ``themes`` (none:
    « none of these themes »). Coding it again replaces their themes.

    ``double``: a blind second coding of an answer another analyst reviewed first (it
    measures agreement between analysts and never changes what results count). Refused
    for an answer no analysis works on (an answer of another question, of a response not
    submitted, empty), themes of another analysis, a double coding of an answer nobody else
    reviewed, and a double coding of one's own first review."""
    _person(actor)
    _require_analyst(actor, answer.question_id)
    analysis = Analysis.objects.filter(question_id=answer.question_id).first()
    if analysis is None:
        raise ValidationError(_("Cette question n’est pas encore analysée."))
    analysis = _lock(analysis)
    if not analysed_answers(analysis.question_id).filter(pk=answer.pk).exists():
        raise ValidationError(_("Cette réponse ne fait pas partie des réponses analysées."))
    themes = _fresh_themes(themes, analysis)
    reviews = list(
        Review.objects.filter(answer=answer)
        .order_by("created_at", "pk")
        .values_list("analyst_id", "is_double")
    )
    own = next((is_double for analyst_id, is_double in reviews if analyst_id == actor.pk), None)
    if double:
        if not any(analyst_id != actor.pk for analyst_id, _d in reviews):
            raise ValidationError(
                _(
                    "Aucun autre analyste n’a encore codé cette réponse : elle n’entre pas "
                    "dans le double codage."
                )
            )
        if own is False:
            raise ValidationError(
                _(
                    "Vous avez déjà codé cette réponse hors du double codage : un second "
                    "codage à l’aveugle revient à un autre analyste."
                )
            )
    elif own is True:
        double = True  # coding one's double review again keeps it a double review
    review = _set_review(
        analysis, answer.pk, actor, {theme.pk for theme in themes}, is_double=double
    )
    audit.record(
        actor,
        "analysis.answer_coded",
        review,
        answer=answer.pk,
        themes=sorted(theme.pk for theme in themes),
        double=double,
    )
    return review
