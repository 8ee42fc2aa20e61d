"""The statistics of a questionnaire: one definition of every figure.

Staff pages, public results pages, the PDF, the exports and later the API all call
``questionnaire_statistics``; none computes a figure of its own, so that they can never
disagree. Figures are read from the summary tables (``concerto.results.models``), which the
background refresh keeps (``concerto.results.refresh``): a page runs a handful of grouped
queries on a few thousand rows, whatever the number of answers.

Definitions:

- A question's *base seen* is the number of submitted responses whose answers made the
  question visible (its display conditions held); its *base answered* the number of those
  that answered it. Percentages of options are of the base answered, said on the page.
- Each option of a multiple choice is counted on its own: its share is the part of those
  who answered that ticked it; shares need not sum to 100 %.
- A mean is of the options' scores (Likert, 0–10) or of the typed numbers; a ranking's
  average rank is over those who ranked, its first-place share of those who answered.
- Every figure is given for everyone and for each profile at submission (the profile a
  response was sent under, kept on the answer rows), each percentage with its 95 % Wilson
  score interval.
- For the public audience, a count between 1 and ``RESULTS_MIN_CELL - 1`` is hidden, and so
  is every figure of a group whose base is under that threshold, so that nobody can be
  recognised; staff see everything.
"""

from __future__ import annotations

import datetime
import enum
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.participation.models import ParticipantProfile
from concerto.surveys.departements import DEPARTEMENTS
from concerto.surveys.engine import QuestionDef, QuestionnaireDef
from concerto.surveys.engine import kinds as engine_kinds
from concerto.surveys.models import AnswerValue, Questionnaire
from concerto.surveys.structure import questionnaire_def

from .models import ChoiceCount, NumberCount, QuestionCount, RespondentCount

Z95 = 1.959963984540054
ALL = "all"
NO_PROFILE = "none"
OTHER_TEXTS_SHOWN = 20


class Audience(enum.Enum):
    STAFF = "staff"
    PUBLIC = "public"


@dataclass(frozen=True)
class Filters:
    """Which responses count: by profile at submission (ids; ``None`` for « no profile »)
    and by département (codes). Empty: every one."""

    profiles: tuple[int | None, ...] = ()
    departements: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.profiles or self.departements)


# --- figures ---------------------------------------------------------------------------


def wilson(count: int, base: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of ``count / base`` (0–1), or None without a base."""
    if base <= 0:
        return None
    p = count / base
    denominator = 1 + z * z / base
    centre = (p + z * z / (2 * base)) / denominator
    half = z * math.sqrt(p * (1 - p) / base + z * z / (4 * base * base)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Share:
    """A count out of a base, as a percentage with its 95 % interval (in percent)."""

    count: int | None
    base: int | None
    percent: float | None = None
    low: float | None = None
    high: float | None = None
    hidden: bool = False

    @classmethod
    def of(cls, count: int, base: int, *, threshold: int = 0) -> Share:
        if threshold and (0 < count < threshold or base < threshold):
            return cls(count=None, base=None if base < threshold else base, hidden=True)
        interval = wilson(count, base)
        if interval is None:
            return cls(count=count, base=base)
        return cls(
            count=count,
            base=base,
            percent=100 * count / base,
            low=100 * interval[0],
            high=100 * interval[1],
        )


@dataclass(frozen=True)
class Mean:
    value: float | None
    n: int | None
    hidden: bool = False

    @classmethod
    def of(cls, total: Decimal, n: int, *, threshold: int = 0) -> Mean:
        if threshold and n < threshold:
            return cls(value=None, n=None, hidden=bool(n))
        return cls(value=float(total / n) if n else None, n=n)


@dataclass(frozen=True)
class Group:
    """A column of the breakdown: everyone, or the responses sent under one profile."""

    key: str  # "all", "profile-<id>", "profile-none"
    label: str
    profile_id: int | None
    seen: int | None
    answered: int | None
    hidden: bool = False


@dataclass(frozen=True)
class OptionFigure:
    key: str  # "<question code>:<choice code>" (matrix: "<question>:<row>:<option>")
    code: str
    label: str
    cells: tuple[Share, ...]  # one per group, everyone first
    is_other: bool = False

    @property
    def total(self) -> Share:
        return self.cells[0]


@dataclass(frozen=True)
class MeanFigure:
    key: str
    label: str
    cells: tuple[Mean, ...]

    @property
    def total(self) -> Mean:
        return self.cells[0]


@dataclass(frozen=True)
class RankedItem:
    key: str
    code: str
    label: str
    average: tuple[Mean, ...]  # average rank, 1 = first
    first: tuple[Share, ...]  # share of those who answered that put it first


@dataclass(frozen=True)
class MatrixRow:
    key: str
    code: str
    label: str
    options: tuple[OptionFigure, ...]  # shares of those who answered this row


@dataclass(frozen=True)
class Bucket:
    low: float
    high: float
    cells: tuple[Share, ...]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label and a value from 0 to 100 (None when hidden)."""

    label: str
    percent: float | None
    text: str


@dataclass(frozen=True)
class QuestionStatistics:
    question: QuestionDef
    key: str
    code: str
    label: str
    kind: str
    kind_label: str
    figures: tuple[str, ...]
    groups: tuple[Group, ...]  # everyone first, then each profile
    base_seen: int | None
    base_answered: int | None
    options: tuple[OptionFigure, ...] = ()
    several: bool = False  # an answer may hold several options: shares need not sum to 100
    mean: MeanFigure | None = None
    distribution: tuple[Bucket, ...] = ()
    ranking: tuple[RankedItem, ...] = ()
    matrix: tuple[MatrixRow, ...] = ()
    other_texts: tuple[str, ...] = ()  # staff only; the latest first
    other_count: int | None = None
    chart: tuple[Bar, ...] = ()
    chart_title: str = ""
    summary: str = ""

    @property
    def hidden(self) -> bool:
        return self.base_answered is None

    @property
    def has_texts(self) -> bool:
        return "texts" in self.figures


@dataclass(frozen=True)
class Tally:
    label: str
    n: int | None
    hidden: bool = False
    key: str = ""


@dataclass(frozen=True)
class Participation:
    total: int | None
    by_profile: tuple[Tally, ...]
    by_departement: tuple[Tally, ...]
    by_day: tuple[tuple[datetime.date, int | None], ...]
    chart: tuple[Bar, ...] = ()
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None


@dataclass(frozen=True)
class QuestionnaireStatistics:
    questionnaire: Questionnaire
    audience: Audience
    filters: Filters
    threshold: int
    participation: Participation
    questions: list[QuestionStatistics]
    fresh_as_of: datetime.datetime | None  # when the summary was last refreshed
    exact: bool  # refreshed after the questionnaire closed: final
    refreshing: bool  # a refresh is queued
    profiles: tuple[tuple[int | None, str], ...] = field(default=())

    def by_key(self, key: str) -> QuestionStatistics | None:
        code = key.split(":", 1)[0]
        return next((q for q in self.questions if q.code == code), None)


# --- reading ---------------------------------------------------------------------------


def questionnaire_statistics(
    questionnaire: Questionnaire,
    *,
    audience: Audience,
    filters: Filters | None = None,
    profiles: tuple[tuple[int, str], ...] | None = None,
) -> QuestionnaireStatistics:
    """Every figure of the questionnaire for this audience, from the summary tables.

    A questionnaire never summarised yet is summarised now when it is small
    (``RESULTS_SYNC_LIMIT`` submitted responses at most), otherwise a refresh is queued and
    the figures are empty until it runs. A closed questionnaire whose summary predates its
    closing gets a refresh queued, after which its figures are final (``exact``).
    """
    from .tasks import ensure_summary

    filters = filters or Filters()
    threshold = settings.RESULTS_MIN_CELL if audience == Audience.PUBLIC else 0
    state = ensure_summary(questionnaire)
    definition = questionnaire_def(questionnaire)
    if profiles is None:  # the consultation's profiles, (id, label), in order
        profiles = consultation_profiles(questionnaire)
    reader = _Reader(questionnaire, definition, filters, threshold, profiles)
    return QuestionnaireStatistics(
        questionnaire=questionnaire,
        audience=audience,
        filters=filters,
        threshold=threshold,
        participation=reader.participation(),
        questions=reader.questions(with_texts=audience == Audience.STAFF),
        fresh_as_of=state.as_of if state else None,
        exact=bool(state and state.exact),
        refreshing=bool(state and state.requested_at),
        profiles=profiles,
    )


def consultation_profiles(questionnaire: Questionnaire) -> tuple[tuple[int, str], ...]:
    return tuple(
        ParticipantProfile.objects.filter(consultation_id=questionnaire.theme.consultation_id)
        .order_by("order", "pk")
        .values_list("pk", "label")
    )


def figure_keys(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """Every figure's stable key with a label, for choosing what to publish or cite."""
    keys = []
    for question in questionnaire_def(questionnaire).answerable:
        keys.append((question.code, question.label))
        figures = question.kind_def.figures
        if {"options", "ranking"} & set(figures):
            for option in question.options:
                keys.append(
                    (f"{question.code}:{option.code}", f"{question.label} — {option.label}")
                )
        if "matrix" in figures:
            for row in question.rows:
                keys.append((f"{question.code}:{row.code}", f"{question.label} — {row.label}"))
    return keys


def _profile_key(profile_id) -> str:
    return f"profile-{profile_id}" if profile_id is not None else f"profile-{NO_PROFILE}"


class _Reader:
    def __init__(self, questionnaire, definition: QuestionnaireDef, filters, threshold, profiles):
        self.questionnaire = questionnaire
        self.definition = definition
        self.filters = filters
        self.threshold = threshold
        self.profiles = profiles

    def rows(self, model):
        rows = model.objects.filter(questionnaire_id=self.questionnaire.pk)
        if self.filters.profiles:
            wanted = [p for p in self.filters.profiles if p is not None]
            chosen = rows.filter(profile_id__in=wanted)
            if None in self.filters.profiles:
                chosen = chosen | rows.filter(profile_id__isnull=True)
            rows = chosen
        if self.filters.departements:
            rows = rows.filter(departement__in=self.filters.departements)
        return rows.order_by()

    # Participation (three grouped queries).

    def participation(self) -> Participation:
        rows = self.rows(RespondentCount)
        by_profile = dict(
            rows.values("profile_id").annotate(s=Sum("n")).values_list("profile_id", "s")
        )
        self.respondents = by_profile
        by_departement = dict(
            rows.values("departement").annotate(s=Sum("n")).values_list("departement", "s")
        )
        by_day = sorted(rows.values("day").annotate(s=Sum("n")).values_list("day", "s"))
        total = sum(by_profile.values())
        hide = self.hide
        names = dict(DEPARTEMENTS)
        profile_tallies = [
            Tally(
                label,
                None if hide(by_profile.get(pk, 0)) else by_profile.get(pk, 0),
                hide(by_profile.get(pk, 0)),
                _profile_key(pk),
            )
            for pk, label in self.profiles
            if pk in by_profile or not self.filters.profiles or pk in self.filters.profiles
        ]
        if None in by_profile:
            n = by_profile[None]
            profile_tallies.append(
                Tally(
                    _("Profil non renseigné"), None if hide(n) else n, hide(n), _profile_key(None)
                )
            )
        departement_tallies = [
            Tally(
                f"{code} — {names[code]}" if code in names else (code or _("Non renseigné")),
                None if hide(n) else n,
                hide(n),
                code,
            )
            for code, n in sorted(by_departement.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        days = tuple((day, None if hide(n) else n) for day, n in by_day)
        peak = max((n for _d, n in days if n), default=0)
        chart = tuple(
            Bar(
                label=_day_label(day),
                percent=None if n is None else (100 * n / peak if peak else 0),
                text=_("masqué") if n is None else _count_text(n),
            )
            for day, n in days
        )
        return Participation(
            total=None if hide(total) else total,
            by_profile=tuple(profile_tallies),
            by_departement=tuple(departement_tallies),
            by_day=days,
            chart=chart,
            first_day=by_day[0][0] if by_day else None,
            last_day=by_day[-1][0] if by_day else None,
        )

    def hide(self, n: int) -> bool:
        return bool(self.threshold) and 0 < n < self.threshold

    # Questions (three grouped queries, and one per « Autre » question for staff).

    def questions(self, *, with_texts: bool) -> list[QuestionStatistics]:
        bases: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        for qid, pid, seen, answered in (
            self.rows(QuestionCount)
            .values("question_id", "profile_id")
            .annotate(seen=Sum("seen"), answered=Sum("answered"))
            .values_list("question_id", "profile_id", "seen", "answered")
        ):
            bases[(qid, pid)] = [seen, answered]
        counts: dict[tuple, int] = {}
        for qid, cid, rid, rank, pid, n in (
            self.rows(ChoiceCount)
            .values("question_id", "choice_id", "row_id", "rank", "profile_id")
            .annotate(s=Sum("n"))
            .values_list("question_id", "choice_id", "row_id", "rank", "profile_id", "s")
        ):
            counts[(qid, cid, rid, rank, pid)] = n
        numbers: dict[tuple, tuple[int, Decimal]] = {}
        ranges: dict[int, tuple[Decimal, Decimal]] = {}
        for qid, bucket, pid, n, total, low, high in (
            self.rows(NumberCount)
            .values("question_id", "bucket", "profile_id")
            .annotate(s=Sum("n"), t=Sum("total"), lo=Max("low"), hi=Max("high"))
            .values_list("question_id", "bucket", "profile_id", "s", "t", "lo", "hi")
        ):
            numbers[(qid, bucket, pid)] = (n, total)
            ranges[qid] = (low, high)
        # The columns: every profile with respondents (or asked for), « no profile » if any.
        respondents = getattr(self, "respondents", {})
        group_ids: list[int | None] = [
            pk
            for pk, _label in self.profiles
            if pk in respondents or (self.filters.profiles and pk in self.filters.profiles)
        ]
        if None in respondents:
            group_ids.append(None)
        labels = dict(self.profiles)
        labels[None] = _("Profil non renseigné")
        texts = self.other_texts() if with_texts else {}
        return [
            _QuestionFigures(
                self, question, group_ids, labels, bases, counts, numbers, ranges, texts
            ).build()
            for question in self.definition.answerable
        ]

    def other_texts(self) -> dict[int, tuple[str, ...]]:
        found = {}
        for question in self.definition.answerable:
            if not question.other_enabled:
                continue
            values = AnswerValue.objects.filter(question_id=question.id).exclude(text="")
            if self.filters.profiles:
                wanted = [p for p in self.filters.profiles if p is not None]
                values = (
                    values.filter(profile_id__in=wanted)
                    if None not in self.filters.profiles
                    else values.filter(profile_id__in=wanted)
                    | values.filter(profile_id__isnull=True)
                )
            if self.filters.departements:
                values = values.filter(response__departement__in=self.filters.departements)
            found[question.id] = tuple(
                values.order_by("-response_id").values_list("text", flat=True)[:OTHER_TEXTS_SHOWN]
            )
        return found


class _QuestionFigures:
    def __init__(self, reader, question, group_ids, labels, bases, counts, numbers, ranges, texts):
        self.reader = reader
        self.q = question
        self.threshold = reader.threshold
        self.group_ids = group_ids
        self.labels = labels
        self.bases = bases
        self.counts = counts
        self.numbers = numbers
        self.ranges = ranges
        self.texts = texts

    # Sums over the profiles of a group: everyone (ALL) or one profile.
    def members(self, group):
        return self.group_ids if group == ALL else [group]

    def base(self, group, index: int) -> int:
        return sum(self.bases.get((self.q.id, p), (0, 0))[index] for p in self.members(group))

    def count(self, group, choice_id, row_id=None, rank=None) -> int:
        return sum(
            self.counts.get((self.q.id, choice_id, row_id, rank, p), 0) for p in self.members(group)
        )

    @property
    def groups_keys(self):
        return [ALL, *self.group_ids]

    def share(self, count: int, base: int) -> Share:
        return Share.of(count, base, threshold=self.threshold)

    def build(self) -> QuestionStatistics:
        q = self.q
        kind = q.kind_def
        figures = kind.figures
        groups = []
        for g in self.groups_keys:
            seen, answered = self.base(g, 0), self.base(g, 1)
            hidden = bool(self.threshold) and answered < self.threshold and answered > 0
            groups.append(
                Group(
                    key=ALL if g == ALL else _profile_key(g),
                    label=_("Ensemble") if g == ALL else self.labels.get(g, "?"),
                    profile_id=None if g == ALL else g,
                    seen=None if hidden else seen,
                    answered=None if hidden else answered,
                    hidden=hidden,
                )
            )
        answered_of = {g: self.base(g, 1) for g in self.groups_keys}
        extra: dict = {}
        chart: list[Bar] = []
        chart_title = ""
        if "options" in figures:
            options = tuple(
                OptionFigure(
                    key=f"{q.code}:{option.code}",
                    code=option.code,
                    label=option.label,
                    cells=tuple(
                        self.share(self.count(g, option.id), answered_of[g])
                        for g in self.groups_keys
                    ),
                    is_other=option.is_other,
                )
                for option in q.options
            )
            extra["options"] = options
            extra["several"] = "several" in figures
            chart = [_bar(o.label, o.total) for o in options]
            chart_title = _("Part des répondants ayant choisi chaque réponse")
            if q.other_enabled:
                other = next((o for o in options if o.is_other), None)
                extra["other_count"] = other.total.count if other else 0
                extra["other_texts"] = self.texts.get(q.id, ())
        if "mean" in figures and "options" in figures:
            scored = [(o.id, o.score) for o in q.options if o.score is not None]
            cells = []
            for g in self.groups_keys:
                n = sum(self.count(g, cid) for cid, _s in scored)
                total = sum((self.count(g, cid) * score for cid, score in scored), Decimal(0))
                cells.append(Mean.of(total, n, threshold=self.threshold))
            extra["mean"] = MeanFigure(f"{q.code}:moyenne", _("Moyenne"), tuple(cells))
        if "distribution" in figures:
            low, high = self.ranges.get(q.id, (None, None))
            cells = []
            for g in self.groups_keys:
                n = sum(
                    v[0]
                    for (qid, _b, p), v in self.numbers.items()
                    if qid == q.id and p in self.members(g)
                )
                total = sum(
                    (
                        v[1]
                        for (qid, _b, p), v in self.numbers.items()
                        if qid == q.id and p in self.members(g)
                    ),
                    Decimal(0),
                )
                cells.append(Mean.of(total, n, threshold=self.threshold))
            extra["mean"] = MeanFigure(f"{q.code}:moyenne", _("Moyenne"), tuple(cells))
            buckets = []
            if low is not None:
                from .refresh import BUCKETS

                width = (high - low) / BUCKETS if high > low else Decimal(1)
                count = BUCKETS if high > low else 1
                for b in range(count):
                    buckets.append(
                        Bucket(
                            low=float(low + width * b),
                            high=float(low + width * (b + 1)) if high > low else float(high),
                            cells=tuple(
                                self.share(
                                    sum(
                                        self.numbers.get((q.id, b, p), (0, 0))[0]
                                        for p in self.members(g)
                                    ),
                                    answered_of[g],
                                )
                                for g in self.groups_keys
                            ),
                        )
                    )
            extra["distribution"] = tuple(buckets)
            chart = [_bar(f"{_number(b.low)} – {_number(b.high)}", b.cells[0]) for b in buckets]
            chart_title = _("Répartition des nombres donnés")
        if "ranking" in figures:
            ranks = range(1, len(q.options) + 1)
            items = []
            for option in q.options:
                average, first = [], []
                for g in self.groups_keys:
                    n = sum(self.count(g, option.id, rank=r) for r in ranks)
                    total = Decimal(sum(r * self.count(g, option.id, rank=r) for r in ranks))
                    average.append(Mean.of(total, n, threshold=self.threshold))
                    first.append(self.share(self.count(g, option.id, rank=1), answered_of[g]))
                items.append(
                    RankedItem(
                        key=f"{q.code}:{option.code}",
                        code=option.code,
                        label=option.label,
                        average=tuple(average),
                        first=tuple(first),
                    )
                )
            extra["ranking"] = tuple(items)
            chart = [_bar(i.label, i.first[0]) for i in items]
            chart_title = _("Part des répondants ayant classé chaque élément en premier")
        if "matrix" in figures:
            rows = []
            for row in q.rows:
                row_base = {
                    g: sum(self.count(g, o.id, row.id) for o in q.options) for g in self.groups_keys
                }
                rows.append(
                    MatrixRow(
                        key=f"{q.code}:{row.code}",
                        code=row.code,
                        label=row.label,
                        options=tuple(
                            OptionFigure(
                                key=f"{q.code}:{row.code}:{o.code}",
                                code=o.code,
                                label=o.label,
                                cells=tuple(
                                    self.share(self.count(g, o.id, row.id), row_base[g])
                                    for g in self.groups_keys
                                ),
                            )
                            for o in q.options
                        ),
                    )
                )
            extra["matrix"] = tuple(rows)
            chart = [_bar(f"{r.label} — {o.label}", o.total) for r in rows for o in r.options]
            chart_title = _("Répartition des réponses, ligne par ligne")
        everyone = groups[0]
        stats = QuestionStatistics(
            question=q,
            key=q.code,
            code=q.code,
            label=q.label,
            kind=q.kind,
            kind_label=_(kind.label),
            figures=figures,
            groups=tuple(groups),
            base_seen=everyone.seen,
            base_answered=everyone.answered,
            chart=tuple(chart),
            chart_title=chart_title,
            **extra,
        )
        return _with_summary(stats)


def _bar(label: str, share: Share) -> Bar:
    if share.hidden:
        return Bar(label, None, _("masqué"))
    if share.percent is None:
        return Bar(label, 0.0, _count_text(share.count or 0))
    return Bar(label, share.percent, f"{_percent(share.percent)} ({_count_text(share.count)})")


def _percent(value: float) -> str:
    return _("%(value)s %%") % {"value": f"{value:.0f}"}


def _number(value: float) -> str:
    text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _count_text(n: int | None) -> str:
    return ngettext("%(n)s réponse", "%(n)s réponses", n or 0) % {"n": n}


def _day_label(day: datetime.date) -> str:
    return day.strftime("%d/%m")


def _with_summary(stats: QuestionStatistics) -> QuestionStatistics:
    """The sentence a screen-reader user hears before the chart: the base and the lead."""
    from dataclasses import replace

    if stats.base_answered is None:
        text = _("Trop peu de réponses pour être publiées sans risque d’identifier quelqu’un.")
        return replace(stats, summary=text)
    parts = [
        ngettext(
            "%(answered)s personne a répondu, sur %(seen)s à qui la question était posée.",
            "%(answered)s personnes ont répondu, sur %(seen)s à qui la question était posée.",
            stats.base_answered,
        )
        % {"answered": stats.base_answered, "seen": stats.base_seen}
    ]
    visible = [b for b in stats.chart if b.percent is not None]
    if visible and stats.base_answered:
        top = max(visible, key=lambda b: b.percent)
        if stats.ranking:
            parts.append(
                _("Le plus souvent classé en premier : « %(label)s » (%(text)s).")
                % {"label": top.label, "text": top.text}
            )
        elif stats.options:
            parts.append(
                _("Réponse la plus choisie : « %(label)s » (%(text)s).")
                % {"label": top.label, "text": top.text}
            )
    if stats.mean and stats.mean.total.value is not None:
        parts.append(_("Moyenne : %(mean)s.") % {"mean": _number(stats.mean.total.value)})
    if stats.several:
        parts.append(
            _(
                "Plusieurs réponses étaient possibles : chaque réponse est comptée à part et "
                "les pourcentages ne totalisent pas 100 %."
            )
        )
    return replace(stats, summary=" ".join(parts))


# The kinds' figures are a closed vocabulary: a kind naming an unknown one is a mistake.
KNOWN_FIGURES = {"options", "several", "mean", "distribution", "ranking", "matrix", "texts"}
assert all(set(k.figures) <= KNOWN_FIGURES for k in engine_kinds.KINDS.values())
