"""Reads of free-text analyses, for the analysis pages, the results and the publication.

One definition of what results count, used everywhere: an answer's **effective** themes are
the themes of its first review when an analyst reviewed it (a review to no theme counts as
« none of these »), else the machine's assignments. Counts are grouped in the database (a
page runs a fixed number of queries, whatever the number of answers); the analysed answers
of a question are the free texts of its submitted responses.

Campaigns (``CampaignGroup``, near-identical answers found by the latest finished discovery)
can be counted once: a group is then one voice, counted in every theme any of its answers
carries, and its answers are reported as signatures.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from concerto.surveys.engine import kinds as engine_kinds
from concerto.surveys.models import AnswerValue, Question, Questionnaire, ResponseStatus

from .models import (
    Analysis,
    Assignment,
    CampaignGroup,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)

# Representative quotes shown per theme on the staff pages.
QUOTES_PER_THEME = 3


def text_kinds() -> tuple[str, ...]:
    """The question kinds whose answers are free text: the analysable ones."""
    return tuple(name for name, kind in engine_kinds.KINDS.items() if "texts" in kind.figures)


def analysable_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questionnaire's questions whose answers can be analysed, in the questionnaire's
    order."""
    return list(
        Question.objects.filter(questionnaire=questionnaire, kind__in=text_kinds()).order_by(
            "section__order", "order", "pk"
        )
    )


def analysed_answers(question: Question | int) -> QuerySet[AnswerValue]:
    """The answers an analysis of ``question`` works on: non-empty texts of submitted
    responses (unordered, so that it can be grouped)."""
    question_id = getattr(question, "pk", question)
    return AnswerValue.objects.filter(
        question_id=question_id, response__status=ResponseStatus.SUBMITTED
    ).exclude(text="")


# --- effective themes ----------------------------------------------------------------------


def _first_reviewer(analysis: Analysis, answer_ref: str = "answer_id") -> Subquery:
    """The analyst of an answer's first review (a double-coding review never comes first)."""
    return Subquery(
        Review.objects.filter(analysis_id=analysis.pk, answer_id=OuterRef(answer_ref))
        .order_by("is_double", "created_at", "pk")
        .values("analyst_id")[:1]
    )


def effective_assignments(analysis: Analysis) -> QuerySet[Assignment]:
    """The assignments results count: of a reviewed answer, those of its first reviewer;
    of any other, the machine's. At most one row per (answer, theme)."""
    reviewed = Review.objects.filter(analysis_id=analysis.pk, answer_id=OuterRef("answer_id"))
    return Assignment.objects.filter(
        theme__analysis_id=analysis.pk,
        answer__response__status=ResponseStatus.SUBMITTED,
    ).filter(
        (Q(source=Source.MACHINE) & ~Exists(reviewed))
        | (Q(source=Source.ANALYST) & Q(analyst_id=_first_reviewer(analysis)))
    )


def effective_themes(analysis: Analysis) -> dict[int, set[int]]:
    """Each analysed answer's effective themes (answer id → theme ids), every analysed
    answer included: an answer with no theme maps to an empty set. Two queries."""
    themes: dict[int, set[int]] = {
        pk: set() for pk in analysed_answers(analysis.question_id).values_list("pk", flat=True)
    }
    for answer_id, theme_id in effective_assignments(analysis).values_list("answer_id", "theme_id"):
        if answer_id in themes:
            themes[answer_id].add(theme_id)
    return themes


def answers_of_theme(theme: ValidatedTheme, *, source: str | None = None) -> QuerySet[AnswerValue]:
    """The answers of a theme: those results count in it (``source=None``), or those given
    it by the machine (``"machine"``) or by an analyst (``"analyst"``), counted or not."""
    if source is None:
        assignments = effective_assignments(theme.analysis).filter(theme_id=theme.pk)
    else:
        assignments = Assignment.objects.filter(theme_id=theme.pk, source=source)
    return (
        analysed_answers(theme.analysis.question_id)
        .filter(pk__in=assignments.values("answer_id"))
        .order_by("pk")
    )


def unthemed_answers(analysis: Analysis) -> QuerySet[AnswerValue]:
    """The analysed answers with no effective theme (reviewed to « none of these », or left
    without any by the machine)."""
    return (
        analysed_answers(analysis.question_id)
        .exclude(pk__in=effective_assignments(analysis).values("answer_id"))
        .order_by("pk")
    )


# --- campaigns -----------------------------------------------------------------------------


def campaign_run(analysis: Analysis) -> Run | None:
    """The run whose campaign groups count: the latest finished discovery."""
    return (
        Run.objects.filter(analysis=analysis, kind=RunKind.DISCOVER, status=RunStatus.DONE)
        .order_by("-queued_at", "-pk")
        .first()
    )


def campaign_groups(analysis: Analysis, *, run: Run | None = None) -> list[CampaignGroup]:
    """The campaigns found in the answers (biggest first), with their representative
    answer."""
    run = run or campaign_run(analysis)
    if run is None:
        return []
    return list(
        CampaignGroup.objects.filter(run=run)
        .select_related("representative__profile")
        .order_by("-size", "pk")
    )


def _group_of(run: Run | None, answer_ref: str) -> Subquery | Value:
    """The campaign group (of ``run``) an answer belongs to, or NULL."""
    if run is None:
        return Value(None, output_field=IntegerField())
    through = CampaignGroup.answers.through
    return Subquery(
        through.objects.filter(campaigngroup__run_id=run.pk, answervalue_id=OuterRef(answer_ref))
        .order_by("campaigngroup_id")
        .values("campaigngroup_id")[:1],
        output_field=IntegerField(),
    )


# --- counts --------------------------------------------------------------------------------


@dataclass
class ThemeCount:
    """A validated theme as results show it.

    ``count``: the answers whose effective themes include it (campaigns counted once: each
    group one answer); ``by_profile``: the same by profile at submission (``None``: no
    profile); ``signatures``: with campaigns counted once, how many answers the groups
    counted here stand for (``campaigns``: how many groups); ``quotes``: representative
    answers, analyst-coded first, then the machine's most confident. ``base`` is the number
    of analysed answers (counted the same way), of which ``share`` is the part in percent.
    """

    theme: ValidatedTheme
    count: int
    by_profile: dict[int | None, int]
    signatures: int = 0
    quotes: list[AnswerValue] = field(default_factory=list)
    campaigns: int = 0
    base: int = 0
    base_by_profile: dict[int | None, int] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return 100 * self.count / self.base if self.base else None

    def share_of(self, profile_id: int | None) -> float | None:
        base = self.base_by_profile.get(profile_id, 0)
        return 100 * self.by_profile.get(profile_id, 0) / base if base else None


def _in_profiles(queryset: QuerySet, profiles, path: str, departements=()) -> QuerySet:
    """Only the answers given under ``profiles`` (ids, None: « no profile »; None: all) and
    in ``departements`` (codes; empty: all). ``path`` leads to the answer's profile."""
    if departements:
        response = path.replace("profile_id", "response__departement__in")
        queryset = queryset.filter(**{response: list(departements)})
    if profiles is None:
        return queryset
    profiles = tuple(profiles)
    wanted = [p for p in profiles if p is not None]
    condition = Q(**{f"{path}__in": wanted})
    if None in profiles:
        condition |= Q(**{f"{path}__isnull": True})
    return queryset.filter(condition)


def _tally(rows: QuerySet, keys: list[str], *, campaigns_once: bool) -> dict[tuple, list]:
    """``rows`` (annotated with ``group``, the campaign group or NULL) counted by ``keys``
    in one grouped query: key values → [answers alone, set of groups, signatures]. With
    campaigns counted once, a key's voices are its answers alone plus its groups."""
    if not campaigns_once:
        return {
            tuple(row[:-1]): [row[-1], set(), 0]
            for row in rows.values(*keys).annotate(n=Count("pk")).values_list(*keys, "n")
        }
    tallied: dict[tuple, list] = defaultdict(lambda: [0, set(), 0])
    for *key, group, n in (
        rows.values(*keys, "group").annotate(n=Count("pk")).values_list(*keys, "group", "n")
    ):
        tally = tallied[tuple(key)]
        if group is None:
            tally[0] += n
        else:
            tally[1].add(group)
            tally[2] += n
    return dict(tallied)


def _roll_up(tallied: dict[tuple, list]) -> dict[tuple, list]:
    """The tallies by their first key only: a group seen under several profiles once."""
    rolled: dict[tuple, list] = defaultdict(lambda: [0, set(), 0])
    for key, (alone, groups, signatures) in tallied.items():
        tally = rolled[key[:1]]
        tally[0] += alone
        tally[1] |= groups
        tally[2] += signatures
    return dict(rolled)


def _voices(tally: list | None) -> int:
    return tally[0] + len(tally[1]) if tally else 0


def theme_counts(
    analysis: Analysis,
    *,
    campaigns_once: bool = False,
    profiles: Iterable[int | None] | None = None,
    departements: Iterable[str] = (),
    quotes: int = QUOTES_PER_THEME,
) -> list[ThemeCount]:
    """Every validated theme of the analysis with its counts, in the analysts' order.

    ``profiles`` (ids, ``None`` for « no profile »), ``departements`` (codes): count only
    the answers given under these profiles, from these départements. ``quotes``: how many
    representative answers per theme (0: none, one query less). A fixed number of
    queries, whatever the number of answers and themes. An answer may carry several
    themes: shares need not sum to 100 %.
    """
    themes = list(ValidatedTheme.objects.filter(analysis=analysis).order_by("position", "pk"))
    if not themes:
        return []
    run = campaign_run(analysis) if campaigns_once else None
    departements = tuple(departements)
    assignments = _in_profiles(
        effective_assignments(analysis), profiles, "answer__profile_id", departements
    ).annotate(group=_group_of(run, "answer_id"))
    by_profile = _tally(
        assignments, ["theme_id", "answer__profile_id"], campaigns_once=campaigns_once
    )
    by_theme = _roll_up(by_profile)
    answers = _in_profiles(
        analysed_answers(analysis.question_id), profiles, "profile_id", departements
    ).annotate(group=_group_of(run, "pk"))
    bases = _tally(answers, ["profile_id"], campaigns_once=campaigns_once)
    everyone = [
        sum(alone for alone, _groups, _n in bases.values()),
        set().union(*(groups for _alone, groups, _n in bases.values())),
    ]
    base = _voices(everyone)
    chosen = _quotes(analysis, quotes, profiles, departements, run)
    counts = []
    for theme in themes:
        tally = by_theme.get((theme.pk,))
        counts.append(
            ThemeCount(
                theme=theme,
                count=_voices(tally),
                by_profile={
                    profile_id: _voices(cell)
                    for (theme_id, profile_id), cell in by_profile.items()
                    if theme_id == theme.pk
                },
                signatures=tally[2] if tally else 0,
                quotes=chosen.get(theme.pk, []),
                campaigns=len(tally[1]) if tally else 0,
                base=base,
                base_by_profile={
                    profile_id: _voices(cell) for (profile_id,), cell in bases.items()
                },
            )
        )
    return counts


def _quotes(analysis, per_theme, profiles, departements, run) -> dict[int, list[AnswerValue]]:
    """Per theme, its representative answers: analyst-coded first, then by the machine's
    confidence; one query (a window function ranks them within each theme). The same text
    is not quoted twice, and a campaign is quoted by its representative only."""
    if per_theme <= 0:
        return {}
    rows = _in_profiles(
        effective_assignments(analysis), profiles, "answer__profile_id", departements
    )
    # A campaign is quoted by its representative only (whether or not counted once): its
    # copies would fill every place with the same words.
    latest = Run.objects.filter(
        analysis_id=analysis.pk, kind=RunKind.DISCOVER, status=RunStatus.DONE
    ).order_by("-queued_at", "-pk")
    run_id = run.pk if run is not None else Subquery(latest.values("pk")[:1])
    copies = CampaignGroup.answers.through.objects.filter(
        campaigngroup__run_id=run_id, answervalue_id=OuterRef("answer_id")
    ).exclude(campaigngroup__representative_id=OuterRef("answer_id"))
    rows = rows.filter(~Exists(copies))
    analyst_first = Window(
        RowNumber(),
        partition_by=[F("theme_id")],
        order_by=[
            F("source").asc(),  # « analyst » sorts before « machine »
            Coalesce(F("confidence"), Value(-1.0)).desc(),
            F("answer_id").asc(),
        ],
    )
    ranked = (
        rows.annotate(rank=analyst_first)
        .filter(rank__lte=per_theme * 2)  # a few more, for texts said twice
        .order_by("theme_id", "rank")
        .values_list("theme_id", "answer_id")
    )
    ranked = list(ranked)
    answers = AnswerValue.objects.select_related("profile").in_bulk(
        [answer_id for _theme, answer_id in ranked]
    )
    chosen: dict[int, list[AnswerValue]] = defaultdict(list)
    seen: dict[int, set[str]] = defaultdict(set)
    for theme_id, answer_id in ranked:
        answer = answers.get(answer_id)
        if answer is None or len(chosen[theme_id]) >= per_theme:
            continue
        said = " ".join(answer.text.lower().split())
        if said in seen[theme_id]:
            continue
        seen[theme_id].add(said)
        chosen[theme_id].append(answer)
    return dict(chosen)


# --- coding by hand ------------------------------------------------------------------------


def _order_key(seed: str, answer_id: int) -> bytes:
    # A hash of each id: the order of an answer does not move when others arrive or are
    # reviewed, and it differs from one analyst (or analysis) to the other.
    return hashlib.blake2b(f"{seed}:{answer_id}".encode(), digest_size=8).digest()


def sample_for_coding(analysis: Analysis, analyst, size: int = 20) -> list[AnswerValue]:
    """The next ``size`` answers for ``analyst`` to code by hand, in a random order seeded by
    the analysis and the analyst (the same on every call): answers nobody has reviewed
    yet, so that two analysts coding at once do not code the same ones (double coding has
    its own blind sample). Three queries."""
    reviewed = Review.objects.filter(analysis_id=analysis.pk).values("answer_id")
    ids = list(
        analysed_answers(analysis.question_id).exclude(pk__in=reviewed).values_list("pk", flat=True)
    )
    seed = f"freetext-sample:{analysis.pk}:{getattr(analyst, 'pk', analyst)}"
    ids.sort(key=lambda pk: _order_key(seed, pk))
    chosen = ids[:size]
    answers = AnswerValue.objects.select_related("profile").in_bulk(chosen)
    return [answers[pk] for pk in chosen if pk in answers]


# --- results pages -------------------------------------------------------------------------


def questionnaire_analyses(questionnaire: Questionnaire) -> list[Analysis]:
    """The analyses of a questionnaire's questions that have validated themes, in the
    questionnaire's order (one query)."""
    return list(
        Analysis.objects.filter(question__questionnaire=questionnaire)
        .filter(Exists(ValidatedTheme.objects.filter(analysis=OuterRef("pk"))))
        .select_related("question")
        .order_by("question__section__order", "question__order", "question__pk")
    )
