"""The JSON answers of the first design become typed rows, and nothing a participant said
is lost on the way (migrations surveys 0003–0006, participation 0001–0002)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("surveys", "0002_participation_rules_on_consultation"),
    ("consultations", "0003_participation_rules_on_consultation"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_json_answers_become_typed_rows_under_the_profile_of_the_time():
    old = migrate(BEFORE)
    try:
        _fill_first_design(old)
        new = migrate(latest())
        _check_second_design(new)
    finally:
        migrate(latest())


def _fill_first_design(apps):
    Consultation = apps.get_model("consultations", "Consultation")
    Theme = apps.get_model("consultations", "Theme")
    Profile = apps.get_model("consultations", "ParticipantProfile")
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Section = apps.get_model("surveys", "Section")
    Question = apps.get_model("surveys", "Question")
    Choice = apps.get_model("surveys", "Choice")
    Condition = apps.get_model("surveys", "DisplayCondition")
    Participant = apps.get_model("surveys", "Participant")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")

    consultation = Consultation.objects.create(title="C", slug="c")
    theme = Theme.objects.create(consultation=consultation, title="T", slug="t")
    profile = Profile.objects.create(consultation=consultation, label="Citoyen")
    questionnaire = Questionnaire.objects.create(theme=theme, title="Q", slug="q")
    first = Section.objects.create(questionnaire=questionnaire, title="S1", order=1)
    second = Section.objects.create(questionnaire=questionnaire, title="S2", order=2)

    def question(section, code, kind, **kw):
        return Question.objects.create(section=section, code=code, kind=kind, label=code, **kw)

    usage = question(first, "usage", "yes_no")
    lieux = question(first, "lieux", "multiple_choice", has_other=True)
    for i, code in enumerate(["musee", "theatre"]):
        Choice.objects.create(question=lieux, code=code, label=code.title(), order=i)
    note = question(first, "note", "scale_0_10")
    accord = question(first, "accord", "likert")
    for n in range(1, 6):
        Choice.objects.create(question=accord, code=str(n), label=f"Niveau {n}", order=n)
    age = question(second, "age", "number")
    grille = question(second, "grille", "matrix")
    Choice.objects.create(question=grille, code="bib", label="Bibliothèques", is_row=True)
    Choice.objects.create(question=grille, code="bien", label="Bien")
    Choice.objects.create(question=grille, code="mal", label="Mal")
    # The same code in two sections: unique per section then, per questionnaire now.
    dup = question(second, "usage", "short_text")
    Condition.objects.create(
        question=age, depends_on=lieux, operator="equals", values=["musee", "theatre"]
    )

    participant = Participant.objects.create(
        consultation=consultation, profile=profile, departement="29"
    )
    sent = Response.objects.create(
        questionnaire=questionnaire,
        participant=participant,
        status="submitted",
        submitted_at=timezone.now(),
    )
    for q, value, other in [
        (usage, "oui", ""),
        (lieux, ["musee", "autre"], "Festival"),
        (note, 8, ""),
        (accord, "4", ""),
        (age, 42.5, ""),
        (grille, {"bib": "mal"}, ""),
        (dup, "Texte", ""),
    ]:
        Answer.objects.create(response=sent, question=q, value=value, other_text=other)
    other = Participant.objects.create(consultation=consultation, profile=profile)
    typing = Response.objects.create(questionnaire=questionnaire, participant=other)
    Answer.objects.create(response=typing, question=note, value=3)


def _check_second_design(apps):
    Response = apps.get_model("surveys", "Response")
    Question = apps.get_model("surveys", "Question")
    Choice = apps.get_model("surveys", "Choice")
    Condition = apps.get_model("surveys", "DisplayCondition")
    AnswerChoice = apps.get_model("surveys", "AnswerChoice")
    AnswerValue = apps.get_model("surveys", "AnswerValue")
    Participant = apps.get_model("participation", "Participant")

    codes = sorted(Question.objects.values_list("code", flat=True))
    assert codes == ["accord", "age", "grille", "lieux", "note", "usage", "usage-2"]
    assert Choice.objects.filter(question__code="usage", code="oui", score=1).exists()
    assert Choice.objects.filter(question__code="note").count() == 11
    assert Choice.objects.get(question__code="accord", code="4").score == 4
    assert Choice.objects.get(question__code="lieux", code="autre").is_other
    assert Condition.objects.get().operator == "any_of"

    sent = Response.objects.get(status="submitted")
    assert sent.profile_id == Participant.objects.get(departement="29").profile_id
    assert sent.departement == "29"
    chosen = {
        (q, c, r)
        for q, c, r in AnswerChoice.objects.filter(response=sent).values_list(
            "question__code", "choice__code", "row__code"
        )
    }
    assert chosen == {
        ("usage", "oui", None),
        ("lieux", "musee", None),
        ("lieux", "autre", None),
        ("note", "8", None),
        ("accord", "4", None),
        ("grille", "mal", "bib"),
    }
    assert set(AnswerChoice.objects.values_list("profile_id", flat=True)) == {sent.profile_id}
    values = {
        (q, t, n)
        for q, t, n in AnswerValue.objects.filter(response=sent).values_list(
            "question__code", "text", "number"
        )
    }
    assert values == {
        ("lieux", "Festival", None),
        ("age", "", Decimal("42.5")),
        ("usage-2", "Texte", None),
    }
    typing = Response.objects.get(status="in_progress")
    assert typing.draft == {"note": {"v": "3"}}
    assert not AnswerChoice.objects.filter(response=typing).exists()
