"""Questionnaires and responses for the survey tests, built directly with the ORM.

Responses are stored the way the participant flow stores them (see the Answer.value
contract in concerto.surveys.models), so the back office and the export can be tested on
their own.
"""

from __future__ import annotations

from typing import Any

import factory
import pytest
from django.utils import timezone

from concerto.surveys.answers import encode_draft, write_rows
from concerto.surveys.engine import Answer, kind
from concerto.surveys.models import (
    Choice,
    ConditionOperator,
    DisplayCondition,
    Participant,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    ResponseStatus,
    Section,
)
from concerto.surveys.structure import load
from tests.factories import ConsultationFactory, ParticipantProfileFactory, ThemeFactory


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Enquête {n}")
    slug = factory.Sequence(lambda n: f"enquete-{n}")
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    questionnaire = factory.SelfAttribute("section.questionnaire")
    kind = QuestionKind.SHORT_TEXT
    code = factory.Sequence(lambda n: f"q{n}")
    label = factory.Sequence(lambda n: f"Question {n} ?")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def fixed_choices(question, create, extracted, **kwargs):
        # Yes/no and 0–10 questions get their levels, « Autre » its choice, as in the admin.
        # Likert levels are added by each test, with the labels it needs.
        if create and question.kind != QuestionKind.LIKERT:
            from concerto.surveys.staff_actions import sync_question

            sync_question(question=question, actor=None)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    consultation = factory.SubFactory(ConsultationFactory)
    email = factory.Sequence(lambda n: f"participant{n}@exemple.fr")


def add_choices(question: Question, codes_labels: list[tuple[str, str]], *, is_row=False):
    return [
        Choice.objects.create(question=question, code=code, label=label, is_row=is_row, order=i)
        for i, (code, label) in enumerate(codes_labels)
    ]


def respond(
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    *,
    status: str = ResponseStatus.SUBMITTED,
    profile=None,
    other_texts: dict[str, str] | None = None,
    **participant_fields,
) -> Response:
    """A response with its answers, keyed by question code."""
    participant = ParticipantFactory(
        consultation=questionnaire.theme.consultation, profile=profile, **participant_fields
    )
    response = Response.objects.create(
        questionnaire=questionnaire,
        participant=participant,
        status=status,
        submitted_at=timezone.now() if status == ResponseStatus.SUBMITTED else None,
    )
    response.profile_id = participant.profile_id
    response.departement = participant.departement
    response.save(update_fields=["profile", "departement"])
    definition = load(questionnaire.pk)
    other_texts = other_texts or {}
    answers = {
        code: Answer(as_value(definition.by_code[code], value), other_texts.get(code, ""))
        for code, value in answers.items()
    }
    if status == ResponseStatus.SUBMITTED:
        write_rows(response, definition, answers)
    else:
        response.draft = encode_draft(answers, definition)
        response.save(update_fields=["draft"])
    return response


def as_value(question, value):
    """A value written plainly in a test (42, "2026-03-14", 8) as the kind holds it."""
    k = kind(question.kind)
    if question.kind in ("number", "date"):
        return k.from_json(value)
    if question.kind == "scale_0_10":
        return str(value)
    return value


@pytest.fixture
def survey(db) -> Questionnaire:
    """A questionnaire using every kind of question, with one conditional question.

    ``usage_detail`` is shown only to those who answered « oui » to ``usage``.
    """
    questionnaire = QuestionnaireFactory(title="Vos usages culturels", slug="usages")
    first = SectionFactory(questionnaire=questionnaire, title="Vous et la culture", order=1)
    second = SectionFactory(questionnaire=questionnaire, title="Vos priorités", order=2)

    def question(section, code, kind, **kwargs):
        return QuestionFactory(
            section=section, code=code, kind=kind, label=f"Libellé {code}", **kwargs
        )

    question(first, "intro", QuestionKind.HEADING)
    usage = question(first, "usage", QuestionKind.YES_NO, required=True)
    detail = question(first, "usage_detail", QuestionKind.LONG_TEXT)
    DisplayCondition.objects.create(
        question=detail, depends_on=usage, operator=ConditionOperator.EQUALS, values=["oui"]
    )
    lieux = question(first, "lieux", QuestionKind.MULTIPLE_CHOICE, has_other=True)
    add_choices(lieux, [("musee", "Musée"), ("cinema", "Cinéma"), ("theatre", "Théâtre")])
    frequence = question(first, "frequence", QuestionKind.SINGLE_CHOICE, has_other=True)
    add_choices(frequence, [("souvent", "Souvent"), ("rarement", "Rarement")])
    question(first, "age", QuestionKind.NUMBER)
    question(first, "visite", QuestionKind.DATE)
    question(second, "explication", QuestionKind.TEXT)
    question(second, "satisfaction", QuestionKind.SCALE_0_10)
    accord = question(second, "accord", QuestionKind.LIKERT)
    add_choices(accord, [(str(i), f"Niveau {i}") for i in range(1, 6)])
    region = question(second, "region", QuestionKind.SELECT)
    add_choices(region, [("idf", "Île-de-France"), ("bre", "Bretagne")])
    priorites = question(second, "priorites", QuestionKind.RANKING)
    add_choices(priorites, [("acces", "Accès"), ("prix", "Prix"), ("offre", "Offre")])
    grille = question(second, "grille", QuestionKind.MATRIX)
    add_choices(grille, [("bib", "Bibliothèques"), ("mus", "Musées")], is_row=True)
    add_choices(grille, [("bien", "Bien"), ("mal", "Mal")])
    question(second, "commentaire", QuestionKind.SHORT_TEXT)
    return questionnaire


FULL_ANSWERS = {
    "usage": "oui",
    "usage_detail": "Je lis beaucoup.",
    "lieux": ["musee", "theatre", "autre"],
    "frequence": "autre",
    "age": 42,
    "visite": "2026-03-14",
    "satisfaction": 8,
    "accord": "4",
    "region": "bre",
    "priorites": ["prix", "acces", "offre"],
    "grille": {"mus": "bien", "bib": "mal"},
    "commentaire": "Merci",
}
FULL_OTHER_TEXTS = {"lieux": "Festival", "frequence": "Chaque été"}


@pytest.fixture
def profile(survey):
    return ParticipantProfileFactory(
        consultation=survey.theme.consultation, label="Particulier", is_organisation=False
    )
