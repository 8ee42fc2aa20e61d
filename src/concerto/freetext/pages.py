"""What the analysts' pages show, read in a number of queries that does not grow with the
answers (issue 10).

The shared reads (effective themes, counts for results, samples) are ``selectors`` (R) and
``agreement`` (P); this module shapes one page's worth of rows around them, and fetches the
objects a URL names for the user who asks: unknown → 404, another team's → 403
(``consultations.access.can_analyse``), a question that is not analysable → 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.consultations.access import can_analyse
from concerto.surveys.models import AnswerValue, Question, Questionnaire, ResponseStatus

from .actions import is_analysable
from .models import (
    Analysis,
    Assignment,
    CampaignGroup,
    CandidateTheme,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)
from .selectors import analysed_answers
from .tasks import MIN_REVIEWED_FOR_AGREEMENT

# Below this many answers coded by two parties, an agreement is not shown as a figure: its
# interval would span most of 0–1 and read as a verdict it is not. The coding runs measure
# nothing below it either.
MIN_AGREEMENT_N = MIN_REVIEWED_FOR_AGREEMENT
ANSWERS_PER_PAGE = 50
CAMPAIGNS_PER_PAGE = 20
CAMPAIGN_MEMBERS_SHOWN = 5

STAGES = {
    "load": gettext_lazy("chargement des réponses"),
    "save": gettext_lazy("enregistrement des résultats"),
    "embed": gettext_lazy("lecture des réponses"),
    "duplicates": gettext_lazy("recherche des campagnes (textes identiques ou presque)"),
    "discover": gettext_lazy("regroupement des réponses en thèmes"),
    "code": gettext_lazy("codage des réponses"),
    "agreement": gettext_lazy("mesure de l’accord avec les analystes"),
}


# --- what a URL names, for this user --------------------------------------------------------


def _check(user, consultation) -> None:
    if not can_analyse(user, consultation):
        raise PermissionDenied


def questionnaire_for(user, pk: int) -> Questionnaire:
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=pk
    )
    _check(user, questionnaire.theme.consultation)
    return questionnaire


def question_for(user, pk: int) -> Question:
    """An analysable question, with its questionnaire, consultation and analysis (if any)."""
    question = get_object_or_404(
        Question.objects.select_related("questionnaire__theme__consultation", "analysis"), pk=pk
    )
    _check(user, question.questionnaire.theme.consultation)
    if not is_analysable(question):
        raise Http404
    return question


def analysis_of(question: Question) -> Analysis | None:
    try:
        return question.analysis
    except Analysis.DoesNotExist:
        return None


def analysis_for(user, question_pk: int) -> tuple[Question, Analysis]:
    """The question and its analysis: 404 while no analysis was started."""
    question = question_for(user, question_pk)
    analysis = analysis_of(question)
    if analysis is None:
        raise Http404
    return question, analysis


def theme_for(user, pk: int) -> ValidatedTheme:
    theme = get_object_or_404(
        ValidatedTheme.objects.select_related(
            "analysis__question__questionnaire__theme__consultation"
        ),
        pk=pk,
    )
    _check(user, theme.analysis.question.questionnaire.theme.consultation)
    return theme


# --- answers ----------------------------------------------------------------------------------


def answers_of_question(question: Question, ids) -> dict[int, AnswerValue]:
    """Those of ``ids`` that are answers of ``question`` (anything else is ignored)."""
    return {a.pk: a for a in analysed_answers(question).filter(pk__in=list(ids))}


# --- runs -------------------------------------------------------------------------------------


def run_state(run: Run | None) -> dict:
    """What the progress region says about ``run`` (also the JSON the page polls)."""
    if run is None:
        return {
            "status": "none",
            "active": False,
            "progress": 0,
            "text": _("Aucun traitement lancé pour cette question."),
        }
    kind = run.get_kind_display()
    if run.status == RunStatus.QUEUED:
        text = _("%(kind)s : en attente d’un processus de calcul.") % {"kind": kind}
    elif run.status == RunStatus.RUNNING:
        stage = STAGES.get(run.stage, run.stage) or _("démarrage")
        text = _("%(kind)s : en cours, étape « %(stage)s », %(progress)s %% fait.") % {
            "kind": kind,
            "stage": stage,
            "progress": run.progress,
        }
    elif run.status == RunStatus.DONE:
        when = timezone.localtime(run.finished_at or run.queued_at)
        text = _("%(kind)s : terminée le %(date)s (%(n)s réponses lues).") % {
            "kind": kind,
            "date": formats.date_format(when, "DATETIME_FORMAT"),
            "n": formats.number_format(run.answers_count, force_grouping=True),
        }
    else:
        text = _("%(kind)s : échec. %(error)s") % {
            "kind": kind,
            "error": run.error or _("Le traitement s’est arrêté sans message."),
        }
    return {
        "status": run.status,
        "active": run.is_active,
        "progress": run.progress if run.status != RunStatus.DONE else 100,
        "text": text,
    }


@dataclass
class Runs:
    """An analysis's runs, newest first, and the ones its page reads from."""

    all: list[Run] = field(default_factory=list)

    @property
    def current(self) -> Run | None:
        return self.all[0] if self.all else None

    @property
    def active(self) -> Run | None:
        return next((r for r in self.all if r.is_active), None)

    def last_done(self, kind: str | None = None) -> Run | None:
        return next(
            (
                r
                for r in self.all
                if r.status == RunStatus.DONE and (kind is None or r.kind == kind)
            ),
            None,
        )


def runs_of(analysis: Analysis | None) -> Runs:
    if analysis is None:
        return Runs()
    return Runs(list(analysis.runs.all()))


def last_discovery(analysis: Analysis) -> Run | None:
    return (
        analysis.runs.filter(kind=RunKind.DISCOVER, status=RunStatus.DONE)
        .order_by("-queued_at", "-pk")
        .first()
    )


# --- the questionnaire's page -----------------------------------------------------------------


def questionnaire_overview(questionnaire: Questionnaire, questions: list[Question]) -> list[dict]:
    """Each analysable question with its answers, its analysis's state and its themes."""
    ids = [q.pk for q in questions]
    answers = dict(
        AnswerValue.objects.filter(question_id__in=ids, response__status=ResponseStatus.SUBMITTED)
        .exclude(text="")
        .order_by()
        .values("question_id")
        .annotate(n=Count("*"))
        .values_list("question_id", "n")
    )
    analyses = {
        a.question_id: a
        for a in Analysis.objects.filter(question_id__in=ids).annotate(n_themes=Count("themes"))
    }
    latest: dict[int, Run] = {}
    for run in Run.objects.filter(analysis__in=list(analyses.values())).order_by(
        "analysis_id", "-queued_at", "-pk"
    ):
        latest.setdefault(run.analysis_id, run)
    rows = []
    for question in questions:
        analysis = analyses.get(question.pk)
        run = latest.get(analysis.pk) if analysis else None
        rows.append(
            {
                "question": question,
                "answers": answers.get(question.pk, 0),
                "analysis": analysis,
                "run": run,
                "state": run_state(run),
                "themes": analysis.n_themes if analysis else 0,
            }
        )
    return rows


# --- the analysis's page ----------------------------------------------------------------------


def answer_counts(question: Question, since) -> dict:
    """How many answers the question has, and how many arrived (or were edited) since."""
    if since is None:
        return {"total": analysed_answers(question).count(), "new": None}
    return analysed_answers(question).aggregate(
        total=Count("pk"), new=Count("pk", filter=Q(response__submitted_at__gt=since))
    )


def candidate_rows(run: Run | None) -> list[CandidateTheme]:
    """The run's proposals, the off-topic group last, each with its quotes' texts."""
    if run is None:
        return []
    candidates = list(run.candidates.select_related("validated_as"))
    wanted = {int(pk) for c in candidates for pk in c.quote_ids[:3]}
    texts = dict(AnswerValue.objects.filter(pk__in=wanted).values_list("pk", "text"))
    for candidate in candidates:
        candidate.quotes = [texts[int(pk)] for pk in candidate.quote_ids[:3] if int(pk) in texts]
    candidates.sort(key=lambda c: (c.is_off_topic, c.position, c.pk))
    return candidates


def theme_rows(analysis: Analysis | None) -> list[ValidatedTheme]:
    """The validated themes, with how many answers analysts and the machine gave each."""
    if analysis is None:
        return []
    return list(
        analysis.themes.annotate(
            n_analyst=Count(
                "assignments__answer",
                filter=Q(assignments__source=Source.ANALYST),
                distinct=True,
            ),
            n_machine=Count("assignments", filter=Q(assignments__source=Source.MACHINE)),
        )
    )


def review_counts(analysis: Analysis | None, user) -> dict:
    if analysis is None:
        return {"reviewed": 0, "mine": 0, "mine_double": 0}
    return Review.objects.filter(analysis=analysis).aggregate(
        reviewed=Count("answer", distinct=True),
        mine=Count("pk", filter=Q(analyst=user, is_double=False)),
        mine_double=Count("pk", filter=Q(analyst=user, is_double=True)),
    )


def agreement_view(value: dict | None) -> dict:
    """An agreement (``{"mean", "low", "high", "n"}``) as the panel says it."""
    if not value or not value.get("n"):
        return {"measured": False, "n": 0}
    n = int(value["n"])
    if n < MIN_AGREEMENT_N or value.get("mean") is None:
        return {"measured": False, "n": n}
    return {
        "measured": True,
        "n": n,
        "mean": value["mean"],
        "low": value["low"],
        "high": value["high"],
    }


# --- a theme's page ---------------------------------------------------------------------------


def theme_answers_page(theme: ValidatedTheme, answers: QuerySet, number) -> Page:
    """One page of the theme's answers (those results count in it), each saying who put
    it there: the machine (with its confidence), analysts (by name)."""
    page = Paginator(answers.order_by("pk"), ANSWERS_PER_PAGE).get_page(number)
    rows = list(page.object_list)
    ids = [a.pk for a in rows]
    by_answer: dict[int, list[Assignment]] = {}
    for assignment in (
        Assignment.objects.filter(theme=theme, answer_id__in=ids)
        .select_related("analyst")
        .order_by("created_at", "pk")
    ):
        by_answer.setdefault(assignment.answer_id, []).append(assignment)
    # A blind second coding measures agreement and never counts: it is not shown here,
    # where a second analyst could read it before their own double coding.
    double = set(
        Review.objects.filter(
            analysis_id=theme.analysis_id, answer_id__in=ids, is_double=True
        ).values_list("answer_id", "analyst_id")
    )
    for answer in rows:
        assignments = by_answer.get(answer.pk, [])
        answer.machine = next((a for a in assignments if a.source == Source.MACHINE), None)
        answer.analysts = [
            a.analyst
            for a in assignments
            if a.source == Source.ANALYST and (answer.pk, a.analyst_id) not in double
        ]
    page.object_list = rows
    return page


# --- campaigns --------------------------------------------------------------------------------


def campaigns_page(run: Run | None, number) -> tuple[Page | None, dict]:
    if run is None:
        return None, {"groups": 0, "signatures": 0}
    groups = run.campaigns.select_related("representative").prefetch_related(
        Prefetch(
            "answers",
            queryset=AnswerValue.objects.order_by("pk")[:CAMPAIGN_MEMBERS_SHOWN],
            to_attr="first_members",
        )
    )
    totals = CampaignGroup.objects.filter(run=run).aggregate(
        groups=Count("pk"), signatures=Sum("size")
    )
    totals["signatures"] = totals["signatures"] or 0
    return Paginator(groups, CAMPAIGNS_PER_PAGE).get_page(number), totals
