"""Analyses made row by row, for the tests of what results show of them (engineer R).

The analysis' own actions (``concerto.freetext.actions``) are engineer P's; these helpers
leave the same rows a discovery run, a coding run and an analyst leave: validated themes,
machine assignments with their run and confidence, reviews with the analyst's assignments,
campaign groups of a finished discovery.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from concerto.freetext.models import (
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
from concerto.surveys.builders import create_questionnaire
from concerto.surveys.models import AnswerValue
from tests.factories import ParticipantProfileFactory, ThemeFactory
from tests.surveys.conftest import respond

SPEC = {
    "title": "Vos idées",
    "slug": "idees",
    "quotes_allowed": True,
    "is_published": True,
    "sections": [
        {
            "title": "Idées",
            "questions": [
                {
                    "code": "usage",
                    "kind": "single_choice",
                    "label": "Votre usage ?",
                    "choices": [{"code": "oui", "label": "Oui"}, {"code": "non", "label": "Non"}],
                },
                {"code": "idees", "kind": "long_text", "label": "Quelle mesure proposez-vous ?"},
                {"code": "mot", "kind": "short_text", "label": "Un mot ?"},
            ],
        }
    ],
}


def closed_theme(**kwargs):
    now = timezone.now()
    return ThemeFactory(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        **kwargs,
    )


class Kit:
    """A closed theme, its questionnaire (two profiles) and helpers to answer and analyse."""

    def __init__(self, *, quotes_allowed=True, theme=None):
        self.theme = theme or closed_theme()
        self.consultation = self.theme.consultation
        self.citizen = ParticipantProfileFactory(consultation=self.consultation, label="Citoyen")
        self.institution = ParticipantProfileFactory(
            consultation=self.consultation, label="Institution", is_organisation=True
        )
        self.questionnaire = create_questionnaire(
            theme=self.theme, spec={**SPEC, "quotes_allowed": quotes_allowed}
        )
        self.question = self.questionnaire.questions.get(code="idees")
        self.analysis = Analysis.objects.create(question=self.question)
        self.run = None

    def answer(self, text: str, *, profile=None, **fields) -> AnswerValue:
        response = respond(
            self.questionnaire, {"usage": "oui", "idees": text}, profile=profile, **fields
        )
        return response.values.get(question=self.question)

    def answers(self, text: str, n: int, *, distinct=True, **kwargs) -> list[AnswerValue]:
        return [self.answer(f"{text} ({i})" if distinct else text, **kwargs) for i in range(n)]

    def theme_(self, label: str, position: int = 0, description: str = "") -> ValidatedTheme:
        return ValidatedTheme.objects.create(
            analysis=self.analysis, label=label, position=position, description=description
        )

    def discovery(self) -> Run:
        now = timezone.now()
        self.run = Run.objects.create(
            analysis=self.analysis,
            kind=RunKind.DISCOVER,
            status=RunStatus.DONE,
            progress=100,
            started_at=now,
            finished_at=now,
        )
        return self.run

    def machine(self, answers, theme, confidence: float | None = 0.8) -> None:
        for answer in answers if isinstance(answers, list) else [answers]:
            Assignment.objects.create(
                answer=answer,
                theme=theme,
                source=Source.MACHINE,
                run=self.run,
                confidence=confidence,
            )

    def review(self, answer, analyst, themes, *, double=False) -> Review:
        review = Review.objects.create(
            analysis=self.analysis, answer=answer, analyst=analyst, is_double=double
        )
        for theme in themes:
            Assignment.objects.create(
                answer=answer, theme=theme, source=Source.ANALYST, analyst=analyst
            )
        return review

    def campaign(self, answers) -> CampaignGroup:
        run = self.run or self.discovery()
        group = CampaignGroup.objects.create(run=run, size=len(answers), representative=answers[0])
        group.answers.set(answers)
        return group
