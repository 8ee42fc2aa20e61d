"""The figures a theme's results may show: engineer A's figure keys, one definition.

Everything here reads ``concerto.results.statistics``; publication never computes a figure
of its own, so that the staff pages, the public pages and the PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def question_code(self) -> str:
        return self.key.split(":", 1)[0]


def theme_questionnaires(theme: Theme) -> list[Questionnaire]:
    return list(Questionnaire.objects.filter(theme=theme).order_by("order", "pk"))


def _keys(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    from concerto.results.statistics import figure_keys

    pairs = []
    for item in figure_keys(questionnaire):
        if isinstance(item, tuple | list):
            key, label = item[0], item[1]
        else:
            key, label = item.key, item.label
        pairs.append((str(key), str(label)))
    return pairs


def available_figures(theme: Theme, questionnaires: list[Questionnaire] | None = None):
    """Every figure of the theme's questionnaires that a manager may choose, in order."""
    if questionnaires is None:
        questionnaires = theme_questionnaires(theme)
    return [
        FigureOption(questionnaire.pk, key, label)
        for questionnaire in questionnaires
        for key, label in _keys(questionnaire)
    ]
