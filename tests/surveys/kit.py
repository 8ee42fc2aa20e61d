"""A questionnaire that uses every kind of question and every display condition.

Built with the ORM the way the back office builds it; the flow tests answer it through HTTP.
"""

from __future__ import annotations

from decimal import Decimal

from concerto.surveys.models import (
    Choice,
    ConditionOperator,
    DisplayCondition,
    EmailPolicy,
    Question,
    QuestionKind,
    Questionnaire,
    Section,
)
from tests.factories import ParticipantProfileFactory, ThemeFactory

K = QuestionKind


def build_questionnaire(theme=None, **options) -> Questionnaire:
    theme = theme or ThemeFactory()
    ParticipantProfileFactory(consultation=theme.consultation, label="Citoyen ou citoyenne")
    ParticipantProfileFactory(
        consultation=theme.consultation, label="Institution culturelle", is_organisation=True
    )
    questionnaire = Questionnaire.objects.create(
        theme=theme,
        title="Enquête complète",
        slug="complete",
        is_published=True,
        email_policy=options.pop("email_policy", EmailPolicy.OPTIONAL),
        **options,
    )
    s1 = Section.objects.create(questionnaire=questionnaire, title="Vos usages", order=1)
    s2 = Section.objects.create(questionnaire=questionnaire, title="Vos opinions", order=2)
    s3 = Section.objects.create(questionnaire=questionnaire, title="Vos priorités", order=3)

    def q(section, code, kind, label, order, **fields):
        return Question.objects.create(
            section=section, code=code, kind=kind, label=label, order=order, **fields
        )

    def choices(question, *codes, rows=False):
        for i, code in enumerate(codes):
            Choice.objects.create(
                question=question, code=code, label=code.capitalize(), order=i, is_row=rows
            )

    q(s1, "intro", K.HEADING, "Vos pratiques numériques", 1)
    q(s1, "explication", K.TEXT, "Répondez selon **votre** expérience.", 2)
    usage = q(s1, "usage", K.YES_NO, "Utilisez-vous des outils numériques ?", 3, required=True)
    detail = q(s1, "usage-detail", K.SHORT_TEXT, "Lesquels ?", 4, max_length=50, required=True)
    DisplayCondition.objects.create(
        question=detail, depends_on=usage, operator=ConditionOperator.EQUALS, values=["oui"]
    )
    domaines = q(
        s1,
        "domaines",
        K.MULTIPLE_CHOICE,
        "Dans quels domaines ?",
        5,
        min_choices=1,
        max_choices=2,
        has_other=True,
    )
    choices(domaines, "musique", "musees", "livre")
    region = q(s1, "region", K.SELECT, "Votre région", 6)
    choices(region, "bretagne", "normandie", "occitanie")
    frequence = q(s1, "frequence", K.SINGLE_CHOICE, "À quelle fréquence ?", 7, has_other=True)
    choices(frequence, "jour", "semaine", "mois")

    accord = q(s2, "accord", K.LIKERT, "Le numérique aide la culture.", 1, required=True)
    choices(accord, "1", "2", "3", "4", "5")
    q(s2, "note", K.SCALE_0_10, "Recommanderiez-vous ?", 2)
    pourquoi = q(s2, "pourquoi", K.LONG_TEXT, "Pourquoi ?", 3, max_length=300)
    DisplayCondition.objects.create(
        question=pourquoi, depends_on=accord, operator=ConditionOperator.ANY_OF, values=["1", "2"]
    )
    budget = q(
        s2,
        "budget",
        K.NUMBER,
        "Budget annuel (euros)",
        4,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
    )
    DisplayCondition.objects.create(
        question=budget, depends_on=usage, operator=ConditionOperator.NOT_EQUALS, values=["non"]
    )
    depuis = q(s2, "depuis", K.DATE, "Depuis quand ?", 5)
    DisplayCondition.objects.create(
        question=depuis, depends_on=region, operator=ConditionOperator.ANSWERED, values=[]
    )

    classement = q(s3, "classement", K.RANKING, "Classez ces priorités", 1)
    choices(classement, "acces", "creation", "patrimoine")
    tableau = q(s3, "tableau", K.MATRIX, "Votre avis sur chaque action", 2, required=True)
    choices(tableau, "pour", "contre")
    choices(tableau, "formation", "financement", rows=True)
    q(s3, "commentaire", K.LONG_TEXT, "Un dernier mot ?", 3)
    return questionnaire


# One complete, valid set of answers, page by page, as a browser would post them.
VALID_PAGES = {
    1: {
        "q-usage": "oui",
        "q-usage-detail": "Tablette",
        "q-domaines": ["musique", "autre"],
        "q-domaines-autre": "Cinéma",
        "q-region": "bretagne",
        "q-frequence": "semaine",
    },
    2: {
        "q-accord": "2",
        "q-note": "7",
        "q-pourquoi": "Parce que.",
        "q-budget": "1 500,50",
        "q-depuis": "2020-05-17",
    },
    3: {
        "q-classement-acces": "2",
        "q-classement-creation": "1",
        "q-classement-patrimoine": "3",
        "q-tableau-formation": "pour",
        "q-tableau-financement": "contre",
        "q-commentaire": "Merci.",
    },
}
