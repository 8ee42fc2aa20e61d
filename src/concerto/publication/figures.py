"""The figures a theme's results may show: engineer A's figure keys and statistics.

Publication never computes a figure of its own: it names A's figures by their stable keys
and renders A's ``QuestionStatistics`` for ``Audience.PUBLIC`` (small cells hidden), so
that the staff pages, the public pages and the PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from concerto.consultations.models import Theme
from concerto.surveys.models import Questionnaire


@dataclass(frozen=True)
class FigureOption:
    questionnaire_id: int
    key: str
    label: str

    @property
    def ref(self) -> str:
        """How a form names it: ``<questionnaire id>/<key>``."""
        return f"{self.questionnaire_id}/{self.key}"


def theme_questionnaires(theme: Theme) -> list[Questionnaire]:
    return list(
        Questionnaire.objects.filter(theme=theme, is_published=True)
        .select_related("theme")
        .order_by("order", "pk")
    )


def available_figures(theme: Theme, questionnaires: list[Questionnaire] | None = None):
    """Every figure of the theme's questionnaires that may be published, in order."""
    from concerto.results.statistics import figure_keys

    if questionnaires is None:
        questionnaires = theme_questionnaires(theme)
    return [
        FigureOption(questionnaire.pk, str(key), str(label))
        for questionnaire in questionnaires
        for key, label in figure_keys(questionnaire)
    ]


@dataclass
class QuestionnaireFigures:
    questionnaire: Questionnaire
    statistics: object  # concerto.results.statistics.QuestionnaireStatistics
    questions: list  # its QuestionStatistics chosen, in the chosen order
    # The themes of its open questions' answers (concerto.results.themes.ThemesFigure).
    themes: list = field(default_factory=list)


def public_figures(theme: Theme, chosen) -> list[QuestionnaireFigures]:
    """The chosen figures (items with ``questionnaire_id`` and ``key``) as the public sees
    them, grouped by questionnaire; every published questionnaire of the theme is there,
    for its participation, even without a chosen figure. A question is shown once, however
    many of its keys were chosen."""
    from concerto.results.statistics import Audience, questionnaire_statistics

    groups = []
    for questionnaire in theme_questionnaires(theme):
        statistics = questionnaire_statistics(questionnaire, audience=Audience.PUBLIC)
        questions, seen = [], set()
        for item in chosen:
            if item.questionnaire_id != questionnaire.pk:
                continue
            question = statistics.by_key(item.key)
            if question is not None and question.code not in seen:
                seen.add(question.code)
                questions.append(question)
        groups.append(QuestionnaireFigures(questionnaire, statistics, questions))
    return groups
