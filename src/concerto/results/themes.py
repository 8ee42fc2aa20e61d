"""The themes of an open question's answers as a figure (issue 10): one presentation for the
staff statistics, the public results and the PDF.

Staff pages build it from the live counts (``concerto.freetext.selectors.theme_counts``);
a publication freezes it (``concerto.publication``: small cells already hidden) and the
public pages rebuild it from the frozen rows. The template ``results/_free_text_themes.html``
renders it without a query. Counts follow the results' rule: an answer's themes are those
of its first review by an analyst, else the machine's; an answer may carry several themes,
so shares (of the question's written answers) need not sum to 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .statistics import ALL, Bar, Group, Share, _bar, _profile_key

if TYPE_CHECKING:
    from concerto.freetext.models import Analysis


@dataclass(frozen=True)
class ThemeQuote:
    text: str
    profile: str = ""  # the profile's label at submission, "" without one


@dataclass(frozen=True)
class ThemeRow:
    label: str
    description: str
    cells: tuple[Share, ...]  # everyone first, then one per group of ``ThemesFigure.groups``
    quotes: tuple[ThemeQuote, ...] = ()
    campaigns: int = 0  # campaigns counted once in it
    signatures: int = 0  # the answers those campaigns stand for
    theme_id: int | None = None

    @property
    def total(self) -> Share:
        return self.cells[0]


@dataclass(frozen=True)
class ThemesFigure:
    """A question's validated themes: counts and shares for everyone and by profile."""

    ident: str  # unique in a page: "themes-<questionnaire id>-<question code>"
    code: str  # the question's code
    label: str  # the question's label
    groups: tuple[Group, ...]  # everyone first (``answered``: the base), then each profile
    rows: tuple[ThemeRow, ...]
    campaigns_once: bool = False
    with_quotes: bool = True
    analysis_id: int | None = None
    analysis_url: str = ""  # staff pages: the analysts' page of the question
    chart: tuple[Bar, ...] = ()
    chart_title: str = ""
    summary: str = ""

    @property
    def base(self) -> int | None:
        return self.groups[0].answered if self.groups else None

    @property
    def hidden(self) -> bool:
        return self.base is None


def _group(profile_id, label: str, base: int, threshold: int, *, everyone=False) -> Group:
    hidden = bool(threshold) and 0 < base < threshold
    return Group(
        key=ALL if everyone else _profile_key(profile_id),
        label=label,
        profile_id=profile_id,
        seen=None if hidden else base,
        answered=None if hidden else base,
        hidden=hidden,
    )


def themes_figure(
    analysis: Analysis,
    *,
    threshold: int = 0,
    campaigns_once: bool = False,
    profiles=None,
    departements=(),
    labels: tuple[tuple[int, str], ...] | None = None,
    with_quotes: bool = True,
    counts=None,
) -> ThemesFigure:
    """The analysis's validated themes as a figure, from the live counts.

    ``threshold``: counts under it (and every figure of a group whose base is under it)
    are hidden, as for the public; ``profiles``/``departements``: count only those answers;
    ``labels``: the consultation's profiles (id, label), in order (read when omitted).
    """
    from concerto.freetext.selectors import theme_counts

    question = analysis.question
    if labels is None:
        from .statistics import consultation_profiles

        labels = consultation_profiles(question.questionnaire)
    if counts is None:
        counts = theme_counts(
            analysis,
            campaigns_once=campaigns_once,
            profiles=profiles,
            departements=departements,
            quotes=3 if with_quotes else 0,
        )
    names = dict(labels)
    names[None] = _("Profil non renseigné")
    bases = counts[0].base_by_profile if counts else {}
    group_ids = [pk for pk, _label in labels if bases.get(pk)]
    if bases.get(None):
        group_ids.append(None)
    total = counts[0].base if counts else 0
    groups = (
        _group(None, _("Ensemble"), total, threshold, everyone=True),
        *(_group(pk, names.get(pk, "?"), bases.get(pk, 0), threshold) for pk in group_ids),
    )
    rows = tuple(
        ThemeRow(
            label=count.theme.label,
            description=count.theme.description,
            cells=(
                Share.of(count.count, total, threshold=threshold),
                *(
                    Share.of(count.by_profile.get(pk, 0), bases.get(pk, 0), threshold=threshold)
                    for pk in group_ids
                ),
            ),
            quotes=tuple(
                ThemeQuote(answer.text, answer.profile.label if answer.profile else "")
                for answer in count.quotes
            )
            if with_quotes
            else (),
            campaigns=count.campaigns,
            signatures=count.signatures,
            theme_id=count.theme.pk,
        )
        for count in counts
    )
    return with_chart(
        ThemesFigure(
            ident=f"themes-{question.questionnaire_id}-{question.code}",
            code=question.code,
            label=question.label,
            groups=groups,
            rows=rows,
            campaigns_once=campaigns_once,
            with_quotes=with_quotes,
            analysis_id=analysis.pk,
        )
    )


def with_chart(figure: ThemesFigure) -> ThemesFigure:
    """The figure with its bar chart and the sentence read before it."""
    from dataclasses import replace

    if figure.hidden:
        return replace(
            figure,
            chart=(),
            summary=_(
                "Trop peu de réponses pour être publiées sans risque d’identifier quelqu’un."
            ),
        )
    chart = tuple(_bar(row.label, row.total) for row in figure.rows)
    parts = [
        ngettext(
            "%(n)s réponse écrite analysée.",
            "%(n)s réponses écrites analysées.",
            figure.base or 0,
        )
        % {"n": figure.base}
    ]
    if figure.campaigns_once:
        parts.append(_("Chaque campagne (réponses identiques ou presque) compte pour une."))
    visible = [bar for bar in chart if bar.percent is not None]
    if visible:
        top = max(visible, key=lambda bar: bar.percent)
        parts.append(
            _("Thème le plus fréquent : « %(label)s » (%(text)s).")
            % {"label": top.label, "text": top.text}
        )
    parts.append(
        _(
            "Une réponse peut relever de plusieurs thèmes : les pourcentages ne totalisent "
            "pas 100 %."
        )
    )
    return replace(
        figure,
        chart=chart,
        chart_title=_("Part des réponses écrites relevant de chaque thème"),
        summary=" ".join(parts),
    )
