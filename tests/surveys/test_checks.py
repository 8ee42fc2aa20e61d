"""The checks before publishing (``engine.problems``), on questionnaires built by hand.

Pure: no database. Each case builds the smallest questionnaire with one defect and asserts
the French message a manager reads; the questionnaires the product ships (the tests' kit,
the six demo questionnaires) have none.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from concerto.surveys import demo_content
from concerto.surveys.engine import (
    OTHER,
    ChoiceDef,
    ConditionDef,
    QuestionDef,
    QuestionnaireDef,
    SectionDef,
    kind,
    problems,
)
from tests.surveys.kit import SPEC


def opts(*codes: str, is_row: bool = False) -> tuple[ChoiceDef, ...]:
    return tuple(ChoiceDef(code=c, label=c.capitalize(), is_row=is_row) for c in codes)


OTHER_CHOICE = ChoiceDef(code=OTHER, label="Autre", is_other=True)


def levels(name: str) -> tuple[ChoiceDef, ...]:
    return tuple(kind(name).default_choices())


def cond(source: str, operator: str, *values: str) -> ConditionDef:
    return ConditionDef(depends_on=source, operator=operator, values=values)


def q(code: str, kind_name: str = "short_text", *, bare: bool = False, **fields) -> QuestionDef:
    """A question as the platform stores it: fixed levels, and « Autre » as a real choice
    when offered (unless ``bare``)."""
    if "choices" not in fields and kind(kind_name).default_choices():
        fields["choices"] = levels(kind_name)
    choices = tuple(fields.get("choices", ()))
    if (
        fields.get("has_other")
        and kind(kind_name).takes_other
        and not bare
        and not any(c.is_other for c in choices)
    ):
        fields["choices"] = (*choices, ChoiceDef(code=OTHER, label="Autre", is_other=True))
    return QuestionDef(code=code, kind=kind_name, label=f"Libellé {code}", **fields)


def test_an_other_option_without_its_choice_is_a_problem():
    definition = questionnaire(
        q("f", "single_choice", has_other=True, choices=opts("a"), bare=True)
    )
    assert messages(definition) == ["L’option « Autre (précisez) » n’a pas son choix « autre »."]


def questionnaire(*questions: QuestionDef, sections: int = 1) -> QuestionnaireDef:
    return QuestionnaireDef(
        sections=tuple(SectionDef(title=f"Section {i + 1}") for i in range(sections)),
        questions=questions,
    )


def messages(definition: QuestionnaireDef) -> list[str]:
    return [p.message.render_plain() for p in problems(definition)]


def about(definition: QuestionnaireDef) -> list[tuple[str | None, int | None]]:
    return [(p.question, p.section) for p in problems(definition)]


FREQUENCE = q("frequence", "single_choice", choices=opts("souvent", "rarement"))
USAGE = q("usage", "yes_no")


def test_a_sound_questionnaire_has_no_problem():
    definition = questionnaire(
        USAGE,
        q("detail", conditions=(cond("usage", "equals", "oui"),), required=True),
        FREQUENCE,
        q("pourquoi", "long_text", conditions=(cond("frequence", "any_of", "souvent"),)),
    )

    assert problems(definition) == []


# --- the kit and the demo ------------------------------------------------------------------


def from_spec(spec: dict) -> QuestionnaireDef:
    """A builder's description as the engine's data, as ``builders.create_questionnaire``
    stores it (fixed levels by default, « Autre » as a real choice)."""
    questions = []
    for index, section in enumerate(spec["sections"]):
        for item in section["questions"]:
            definition = kind(item["kind"])
            options = tuple(
                ChoiceDef(code=c["code"], label=c["label"], score=c.get("score"))
                for c in item.get("choices", [])
            ) or tuple(definition.default_choices())
            rows = tuple(
                ChoiceDef(code=r["code"], label=r["label"], is_row=True)
                for r in item.get("rows", [])
            )
            other = (
                (ChoiceDef(code=OTHER, label="Autre", is_other=True),)
                if item.get("has_other") and definition.takes_other
                else ()
            )
            questions.append(
                QuestionDef(
                    code=item["code"],
                    kind=item["kind"],
                    label=item["label"],
                    required=item.get("required", False),
                    max_length=item.get("max_length"),
                    min_choices=item.get("min_choices"),
                    max_choices=item.get("max_choices"),
                    min_value=item.get("min_value"),
                    max_value=item.get("max_value"),
                    has_other=item.get("has_other", False),
                    choices=rows + options + other,
                    conditions=tuple(
                        cond(c["depends_on"], c["operator"], *c.get("values", []))
                        for c in item.get("conditions", [])
                    ),
                    section=index,
                )
            )
    return QuestionnaireDef(
        sections=tuple(SectionDef(title=s["title"]) for s in spec["sections"]),
        questions=tuple(questions),
    )


@pytest.mark.parametrize(
    "spec",
    [SPEC, *demo_content.QUESTIONNAIRES.values()],
    ids=["kit", *demo_content.QUESTIONNAIRES],
)
def test_the_questionnaires_we_ship_have_no_problem(spec):
    assert messages(from_spec(spec)) == []


def test_the_demo_has_six_questionnaires():
    assert len(demo_content.QUESTIONNAIRES) == 6


# --- choices -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind_name", ["single_choice", "multiple_choice", "select", "ranking"])
def test_a_choice_question_without_choices(kind_name):
    definition = questionnaire(q("vide", kind_name))

    assert messages(definition) == ["Aucun choix n’est proposé : ajoutez-en au moins un."]
    assert about(definition) == [("vide", None)]


def test_only_the_other_option_is_not_a_choice():
    definition = questionnaire(
        q("vide", "single_choice", has_other=True, choices=(OTHER_CHOICE,)),
    )

    assert messages(definition) == ["Aucun choix n’est proposé : ajoutez-en au moins un."]


def test_a_matrix_needs_columns_and_rows():
    assert messages(questionnaire(q("grille", "matrix", choices=opts("a", "b")))) == [
        "Le tableau n’a aucune ligne : ajoutez-en au moins une."
    ]
    assert messages(questionnaire(q("grille", "matrix", choices=opts("l1", is_row=True)))) == [
        "Aucun choix n’est proposé : ajoutez-en au moins un."
    ]


def test_a_matrix_row_may_share_a_code_with_a_column():
    grille = q("grille", "matrix", choices=opts("oui", "non") + opts("oui", is_row=True))

    assert problems(questionnaire(grille)) == []


def test_duplicate_choice_and_row_codes():
    assert messages(questionnaire(q("f", "single_choice", choices=opts("a", "a")))) == [
        "Deux choix portent le même code."
    ]
    grille = q("g", "matrix", choices=opts("x") + opts("l", "l", is_row=True))
    assert messages(questionnaire(grille)) == ["Deux lignes portent le même code."]


def test_a_plain_choice_coded_like_the_other_option():
    definition = questionnaire(
        q("f", "single_choice", has_other=True, choices=(*opts("a", OTHER), OTHER_CHOICE))
    )

    assert messages(definition) == [
        "Le code « autre » est réservé à l’option « Autre (précisez) » : changez le code de ce "
        "choix."
    ]


@pytest.mark.parametrize(
    ("codes", "actual"),
    [
        (("1", "2", "3", "4"), "1, 2, 3, 4"),
        (("1", "2", "3", "4", "5", "6"), "1, 2, 3, 4, 5, 6"),
        (("5", "4", "3", "2", "1"), "5, 4, 3, 2, 1"),
        ((), "—"),
    ],
)
def test_a_likert_needs_exactly_its_five_levels_in_order(codes, actual):
    definition = questionnaire(q("accord", "likert", choices=opts(*codes)))

    assert messages(definition) == [
        "Une question « Échelle de 1 à 5 » doit proposer exactement les niveaux 1, 2, 3, 4, 5, "
        f"dans cet ordre ; elle en propose {actual}."
    ]


def test_a_likert_with_its_levels_relabelled_is_fine():
    relabelled = tuple(ChoiceDef(code=str(n), label=f"Niveau {n}") for n in range(1, 6))

    assert problems(questionnaire(q("accord", "likert", choices=relabelled))) == []


def test_choices_left_over_from_another_kind_are_flagged():
    # A single choice switched to yes/no, then to a short text, keeps what was typed.
    yes_no = q("usage", "yes_no", choices=opts("souvent", "rarement"))
    assert messages(questionnaire(yes_no)) == [
        "Une question « Oui / non » doit proposer exactement les niveaux oui, non, dans cet "
        "ordre ; elle en propose souvent, rarement."
    ]
    text = q("usage", "short_text", choices=opts("souvent") + opts("ligne", is_row=True))
    assert messages(questionnaire(text)) == [
        "Une question « Texte court » ne propose pas de choix : supprimez ceux qui restent "
        "(souvent).",
        "Seul un tableau a des lignes : supprimez celles qui restent (ligne).",
    ]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (3, 2, ["Le minimum de choix dépasse le maximum."]),
        (4, None, ["Le minimum de choix dépasse le nombre de choix proposés."]),
        (2, 3, []),
    ],
)
def test_multiple_choice_limits(low, high, expected):
    definition = questionnaire(
        q(
            "lieux",
            "multiple_choice",
            choices=opts("a", "b", "c"),
            min_choices=low,
            max_choices=high,
        )
    )

    assert messages(definition) == expected


def test_number_limits():
    definition = questionnaire(
        q("budget", "number", min_value=Decimal("10"), max_value=Decimal("5"))
    )

    assert messages(definition) == ["La valeur minimale dépasse la valeur maximale."]


# --- sections, codes, emptiness ----------------------------------------------------------


def test_a_questionnaire_without_questions():
    assert messages(questionnaire(sections=0)) == ["L’enquête n’a aucune question."]
    # Headings and explanations are not questions.
    assert messages(questionnaire(q("titre", "heading"), q("texte", "text"))) == [
        "L’enquête n’a aucune question."
    ]


def test_an_empty_section():
    definition = questionnaire(q("nom", section=0), sections=2)

    assert messages(definition) == ["La section « Section 2 » n’a aucune question."]
    assert about(definition) == [(None, 1)]


def test_a_duplicate_code():
    definition = questionnaire(q("nom"), q("nom", "long_text"))

    assert messages(definition) == ["2 questions portent le code « nom »."]
    assert about(definition) == [("nom", None)]


# --- display conditions ------------------------------------------------------------------


def test_a_condition_on_a_later_question():
    definition = questionnaire(
        q("detail", conditions=(cond("usage", "equals", "oui"),)),
        USAGE,
    )

    assert messages(definition) == [
        "La question « detail » dépend de « usage », qui vient après elle (ou d’elle-même) : "
        "une condition ne peut porter que sur une question précédente."
    ]
    assert about(definition) == [("detail", None)]


def test_a_cycle():
    definition = questionnaire(
        q("a", "yes_no", conditions=(cond("b", "equals", "oui"),)),
        q("b", "yes_no", conditions=(cond("a", "equals", "oui"),)),
    )

    assert messages(definition) == [
        "La question « a » dépend de « b », qui vient après elle (ou d’elle-même) : une "
        "condition ne peut porter que sur une question précédente."
    ]


def test_a_condition_on_itself():
    definition = questionnaire(q("usage", "yes_no", conditions=(cond("usage", "equals", "oui"),)))

    assert messages(definition) == [
        "La question « usage » dépend de « usage », qui vient après elle (ou d’elle-même) : "
        "une condition ne peut porter que sur une question précédente."
    ]


def test_a_condition_on_a_question_of_no_one():
    definition = questionnaire(q("detail", conditions=(cond("ailleurs", "answered"),)))

    assert messages(definition) == [
        "La question « detail » dépend de « ailleurs », qui n’est pas une question de cette "
        "enquête."
    ]


@pytest.mark.parametrize(
    ("condition", "unknown"),
    [
        (cond("usage", "equals", "peut-etre"), "peut-etre"),
        (cond("usage", "any_of", "oui", "1"), "1"),
        (cond("usage", "not_equals"), "—"),
        (cond("frequence", "any_of", "souvent", OTHER), OTHER),  # no « Autre » offered
    ],
)
def test_condition_values_that_are_not_possible_answers(condition, unknown):
    definition = questionnaire(USAGE, FREQUENCE, q("detail", conditions=(condition,)))

    assert messages(definition) == [
        f"La condition de « detail » sur « {condition.depends_on} » compare des valeurs qui "
        f"ne sont pas des réponses possibles : {unknown}."
    ]


def test_the_other_option_is_a_possible_answer_when_offered():
    frequence = q(
        "frequence",
        "single_choice",
        has_other=True,
        choices=(*opts("souvent", "rarement"), OTHER_CHOICE),
    )
    definition = questionnaire(
        frequence, q("detail", conditions=(cond("frequence", "equals", OTHER),))
    )

    assert problems(definition) == []


def test_equals_takes_exactly_one_value():
    definition = questionnaire(
        FREQUENCE, q("detail", conditions=(cond("frequence", "equals", "souvent", "rarement"),))
    )

    assert messages(definition) == [
        "La condition « est égal à » de « detail » prend exactement une valeur ; pour "
        "plusieurs, choisissez « est l’un de »."
    ]


@pytest.mark.parametrize(
    ("source", "operator", "values"),
    [
        (q("nom"), "equals", ("x",)),  # a text is only « answered »
        (q("classement", "ranking", choices=opts("a", "b")), "any_of", ("a",)),
        (q("grille", "matrix", choices=opts("a") + opts("l", is_row=True)), "equals", ("a",)),
        (q("budget", "number"), "not_equals", ("3",)),
        (q("titre", "heading"), "answered", ()),  # nobody answers a heading
        (USAGE, "contains", ("oui",)),  # no such operator
    ],
    ids=["text", "ranking", "matrix", "number", "heading", "unknown"],
)
def test_an_operator_the_source_kind_does_not_allow(source, operator, values):
    definition = questionnaire(
        source, q("detail", conditions=(cond(source.code, operator, *values),))
    )

    assert messages(definition) == [
        f"La condition de « detail » sur « {source.code} » n’est pas possible pour une "
        "question de ce type."
    ]


@pytest.mark.parametrize(
    "source", [q("nom"), q("grille", "matrix", choices=opts("a") + opts("l", is_row=True))]
)
def test_any_answered_question_allows_answered(source):
    definition = questionnaire(source, q("detail", conditions=(cond(source.code, "answered"),)))

    assert problems(definition) == []


NEVER = (
    "La question « detail » ne peut jamais s’afficher : aucune réponse ne remplit toutes ses "
    "conditions d’affichage."
)


@pytest.mark.parametrize(
    "conditions",
    [
        (cond("usage", "equals", "oui"), cond("usage", "equals", "non")),
        (cond("usage", "any_of", "oui"), cond("usage", "not_equals", "oui")),
        (cond("frequence", "equals", "souvent"), cond("frequence", "any_of", "rarement")),
    ],
)
def test_a_required_question_with_contradictory_conditions(conditions):
    definition = questionnaire(USAGE, FREQUENCE, q("detail", required=True, conditions=conditions))

    assert messages(definition) == [NEVER]
    assert about(definition) == [("detail", None)]


def test_conditions_on_a_multiple_choice_can_hold_together():
    lieux = q("lieux", "multiple_choice", choices=opts("musee", "cinema", "theatre"))
    both = (cond("lieux", "equals", "musee"), cond("lieux", "equals", "cinema"))
    assert problems(questionnaire(lieux, q("detail", conditions=both))) == []
    # … unless they contradict each other whatever is ticked.
    never = (cond("lieux", "equals", "musee"), cond("lieux", "not_equals", "musee"))
    assert messages(questionnaire(lieux, q("detail", conditions=never))) == [NEVER]


def test_a_question_depending_on_a_question_never_shown():
    definition = questionnaire(
        USAGE,
        q(
            "jamais",
            "yes_no",
            conditions=(cond("usage", "equals", "oui"), cond("usage", "equals", "non")),
        ),
        q("detail", required=True, conditions=(cond("jamais", "answered"),)),
    )

    assert messages(definition) == [
        "La question « jamais » ne peut jamais s’afficher : aucune réponse ne remplit toutes "
        "ses conditions d’affichage.",
        "La question « detail » ne peut jamais s’afficher : elle dépend de « jamais », qui ne "
        "s’affiche jamais.",
    ]


def test_conditions_that_contradict_through_an_earlier_question():
    # « velo » shows only to those who use the car; « detail » asks for « velo » answered
    # and for no car: each condition can hold, never both.
    definition = questionnaire(
        q("voiture", "yes_no"),
        q("velo", "yes_no", conditions=(cond("voiture", "equals", "oui"),)),
        q(
            "detail",
            required=True,
            conditions=(cond("velo", "answered"), cond("voiture", "equals", "non")),
        ),
    )

    assert messages(definition) == [NEVER]


def test_a_chain_of_conditions_that_can_hold():
    definition = questionnaire(
        q("voiture", "yes_no"),
        q("velo", "yes_no", conditions=(cond("voiture", "equals", "oui"),)),
        q("detail", conditions=(cond("velo", "answered"), cond("voiture", "any_of", "oui"))),
    )

    assert problems(definition) == []


def test_a_broken_condition_is_reported_once_not_on_every_question_after_it():
    definition = questionnaire(
        USAGE,
        q("a", "yes_no", conditions=(cond("usage", "equals", "peut-etre"),)),
        q("b", conditions=(cond("a", "equals", "oui"),)),
    )

    assert about(definition) == [("a", None)]
    # … while the questions after it are still checked on their own conditions.
    contradictory = (cond("a", "equals", "oui"), cond("a", "equals", "non"))
    definition = questionnaire(*definition.questions[:2], q("detail", conditions=contradictory))
    assert about(definition) == [("a", None), ("detail", None)]


@pytest.mark.parametrize(
    ("kind_name", "message"),
    [
        ("ranking", "Un classement ne peut pas proposer « Autre »."),
        ("matrix", "Un tableau ne peut pas proposer « Autre »."),
    ],
)
def test_kinds_that_cannot_offer_other(kind_name, message):
    definition = questionnaire(
        q("q", kind_name, has_other=True, choices=opts("a", "b") + opts("l", is_row=True))
    )

    assert message in messages(definition)
