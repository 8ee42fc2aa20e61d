"""Move the JSON answers into typed rows, and give every question what the engine expects.

- Each question records its questionnaire; a code used twice in one questionnaire gets a
  suffix (codes name the export's columns).
- Yes/no and 0–10 questions get their levels as real choices, Likert levels their scores,
  and « Autre (précisez) » becomes a real choice of the questions offering it.
- « est égal à » with several values meant « est l'un de » in the browser and the
  generator: it becomes that.
- Submitted answers become ``AnswerChoice`` / ``AnswerValue`` rows under the profile and
  département the participant has now (the closest to "at submission" still known); answers
  in progress become the response's draft.

The conversion is written out here, not imported from the engine, so that this migration
keeps its meaning whatever the engine becomes.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import migrations

OTHER = "autre"
OTHER_KINDS = {"single_choice", "multiple_choice", "select"}
SINGLE = {"single_choice", "select", "likert", "yes_no", "scale_0_10"}
FIXED = {
    "yes_no": [("oui", "Oui", Decimal(1)), ("non", "Non", Decimal(0))],
    "scale_0_10": [(str(n), str(n), Decimal(n)) for n in range(11)],
}


def _decimal(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _date(value):
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def forwards(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Choice = apps.get_model("surveys", "Choice")
    DisplayCondition = apps.get_model("surveys", "DisplayCondition")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    AnswerChoice = apps.get_model("surveys", "AnswerChoice")
    AnswerValue = apps.get_model("surveys", "AnswerValue")

    # Questions: questionnaire, unique codes.
    seen = {}
    for question in Question.objects.select_related("section").order_by(
        "section__questionnaire_id", "section__order", "section_id", "order", "pk"
    ):
        questionnaire_id = question.section.questionnaire_id
        codes = seen.setdefault(questionnaire_id, set())
        code, n = question.code, 1
        while code in codes:
            n += 1
            code = f"{question.code[:55]}-{n}"
        codes.add(code)
        question.questionnaire_id = questionnaire_id
        question.code = code
        question.save(update_fields=["questionnaire", "code"])

    # Fixed levels, scores and « Autre » as real choices.
    for question in Question.objects.all():
        choices = {c.code: c for c in Choice.objects.filter(question=question, is_row=False)}
        if question.kind in FIXED:
            for order, (code, label, score) in enumerate(FIXED[question.kind], start=1):
                if code in choices:
                    Choice.objects.filter(pk=choices[code].pk).update(score=score)
                else:
                    Choice.objects.create(
                        question=question, code=code, label=label, score=score, order=order
                    )
        if question.kind == "likert":
            for choice in choices.values():
                if choice.code.isdigit():
                    Choice.objects.filter(pk=choice.pk).update(score=Decimal(choice.code))
        if question.has_other and question.kind in OTHER_KINDS and OTHER not in choices:
            Choice.objects.create(
                question=question,
                code=OTHER,
                label="Autre",
                is_other=True,
                order=max((c.order for c in choices.values()), default=0) + 1,
            )
        elif OTHER in choices and question.kind in OTHER_KINDS:
            Choice.objects.filter(pk=choices[OTHER].pk).update(is_other=True)

    # One meaning for conditions.
    for condition in DisplayCondition.objects.all():
        values = [str(v) for v in condition.values]
        operator = condition.operator
        if operator == "equals" and len(values) > 1:
            operator = "any_of"
        DisplayCondition.objects.filter(pk=condition.pk).update(operator=operator, values=values)

    # Answers.
    ids = {}
    for choice in Choice.objects.all():
        ids[(choice.question_id, choice.is_row, choice.code)] = choice.pk
    kinds = dict(Question.objects.values_list("pk", "kind"))
    codes = dict(Question.objects.values_list("pk", "code"))
    for response in Response.objects.select_related("participant").iterator(chunk_size=500):
        answers = list(Answer.objects.filter(response=response))
        if response.status != "submitted":
            draft = {}
            for answer in answers:
                item = {"v": answer.value}
                if kinds[answer.question_id] == "scale_0_10" and answer.value is not None:
                    item["v"] = str(answer.value)
                if answer.other_text:
                    item["o"] = answer.other_text
                draft[codes[answer.question_id]] = item
            Response.objects.filter(pk=response.pk).update(draft=draft)
            continue
        profile_id = response.participant.profile_id
        Response.objects.filter(pk=response.pk).update(
            profile_id=profile_id, departement=response.participant.departement
        )
        choice_rows, value_rows = [], []

        def pick(question_id, code, *, row=None, rank=None, _p=profile_id, _r=response.pk):
            choice_id = ids.get((question_id, False, str(code)))
            row_id = ids.get((question_id, True, str(row))) if row is not None else None
            if choice_id is None or (row is not None and row_id is None):
                return  # a code no longer offered: nothing to count it under
            choice_rows.append(
                AnswerChoice(
                    response_id=_r,
                    question_id=question_id,
                    choice_id=choice_id,
                    row_id=row_id,
                    rank=rank,
                    profile_id=_p,
                )
            )

        def value(question_id, *, _p=profile_id, _r=response.pk, **typed):
            value_rows.append(
                AnswerValue(response_id=_r, question_id=question_id, profile_id=_p, **typed)
            )

        for answer in answers:
            kind, v, qid = kinds[answer.question_id], answer.value, answer.question_id
            if v in (None, "", [], {}):
                continue
            if kind in SINGLE:
                pick(qid, v)
            elif kind == "multiple_choice":
                for code in v if isinstance(v, list) else [v]:
                    pick(qid, code)
            elif kind == "ranking":
                for rank, code in enumerate(v if isinstance(v, list) else [v], start=1):
                    pick(qid, code, rank=rank)
            elif kind == "matrix" and isinstance(v, dict):
                for row, code in v.items():
                    pick(qid, code, row=row)
            elif kind == "number":
                value(qid, number=_decimal(v))
            elif kind == "date":
                value(qid, date=_date(v))
            elif kind in ("short_text", "long_text"):
                value(qid, text=str(v).replace("\x00", ""))
            if answer.other_text:
                value(qid, text=answer.other_text.replace("\x00", ""))
        AnswerChoice.objects.bulk_create(choice_rows)
        AnswerValue.objects.bulk_create(value_rows)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_typed_answers")]

    # Going back leaves the JSON table empty (it is recreated by 0005's reverse): restore a
    # backup rather than migrate backwards with answers in the database.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
