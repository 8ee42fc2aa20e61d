"""Question kinds: everything one kind of question means, in one class each.

A kind knows how to read its answer from a posted form (``parse``) and write it back
(``form_values``), which codes a display condition sees in it (``given``), how it is stored
as typed rows (``to_rows`` / ``from_rows``) and kept in a draft (``to_json`` /
``from_json``), how people read it (``display``), its export columns and cells, the limits
it announces, what makes a question of its kind unpublishable (``check``), and a plausible
synthetic answer. Every module that needs one of these asks the registry (``kind(name)``):
the web views, the actions, the exports, the back office and the demo generator.

Values, by kind: a text is a ``str``; a single choice (list, Likert, yes/no, 0–10 scale)
the chosen code; a multiple choice the list of codes in questionnaire order; a ranking the
codes from first to last; a matrix a ``{row code: option code}`` map; a number a
``Decimal``; a date a ``datetime.date``. An empty answer is ``None``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from . import conditions as ops
from .messages import Label, Message, gettext_noop, ngettext_lazy
from .structure import OTHER, ChoiceDef, QuestionDef
from .text import clean_text

OTHER_MAX_LENGTH = 500
NUMBER_LIMIT = Decimal("1e12")
NUMBER_DECIMALS = 4
LIKERT_LEVELS = (
    ("1", "Pas du tout d’accord"),
    ("2", "Plutôt pas d’accord"),
    ("3", "Ni d’accord ni pas d’accord"),
    ("4", "Plutôt d’accord"),
    ("5", "Tout à fait d’accord"),
)
# Options that exclude every other one in a multiple choice, for the synthetic generator.
EXCLUSIVE_CODES = {"aucune", "aucun", "ne-sait-pas", "non-concerne"}


@dataclass
class Answer:
    """One question's answer: its value, and the « Autre (précisez) » text if chosen."""

    value: Any = None
    other: str = ""


@dataclass
class Parsed:
    """What a participant typed for one question, and what is wrong with it."""

    value: Any = None
    other: str = ""
    error: Message | None = None
    # What was typed, echoed back into the form, even when the value is in error.
    raw: dict[str, Any] = field(default_factory=dict)
    # The field the error is about, for the error summary's link (« Autre » text…).
    error_field: str | None = None

    @property
    def answer(self) -> Answer:
        return Answer(self.value, self.other)


@dataclass(frozen=True)
class Row:
    """One typed row of a stored answer: a chosen option (with its matrix row or rank), or
    a text, number or date."""

    choice: str | None = None
    row: str | None = None
    rank: int | None = None
    text: str = ""
    number: Decimal | None = None
    date: datetime.date | None = None


class Formatter(Protocol):
    """How numbers and dates read in the reader's language (the web layer provides it)."""

    def number(self, value: Decimal) -> str: ...

    def date(self, value: datetime.date) -> str: ...


class Texts(Protocol):
    """Free text for synthetic answers."""

    def short_text(self, code: str, max_length: int) -> str: ...

    def long_text(self, code: str, max_length: int) -> str: ...

    def other_text(self, code: str) -> str: ...


@dataclass
class Synth:
    """What a synthetic respondent brings to each answer."""

    rng: Any  # random.Random
    texts: Texts
    mood: float = 0.0  # sceptical (−1) … enthusiastic (+1)
    today: datetime.date = field(default_factory=datetime.date.today)
    # Per question code: weights of its options (and of each matrix row's options).
    weights: dict[str, list[float]] = field(default_factory=dict)

    def weights_for(self, key: str, count: int) -> list[float]:
        if key not in self.weights or len(self.weights[key]) != count:
            # Skewed so that results have a shape: a few popular options, a tail of rare ones.
            self.weights[key] = [self.rng.random() ** 2 + 0.03 for _ in range(count)]
        return self.weights[key]


def field_name(question: QuestionDef, suffix: str = "") -> str:
    """Form field names: ``q-<code>``, ``q-<code>-autre``, ``q-<code>-<item>``."""
    return f"q-{question.code}" + (f"-{suffix}" if suffix else "")


REQUIRED = gettext_noop("Cette question est obligatoire.")


class Kind:
    name = ""
    label = ""
    takes_answers = True
    takes_other = False  # may offer « Autre (précisez) »
    has_options = False  # the manager lists its options
    has_rows = False
    template = ""
    inline = False  # options read best on one line
    operators: tuple[str, ...] = (ops.ANSWERED,)
    # Which of the question's limit fields apply to this kind (for the back office).
    limits: tuple[str, ...] = ()
    # For the questionnaire builder: what its options and rows are called, and a hint to
    # choose the kind.
    options_label = gettext_noop("Choix proposés")
    rows_label = gettext_noop("Lignes du tableau")
    hint = ""

    @property
    def builder_fields(self) -> tuple[str, ...]:
        """The question's fields a manager fills for this kind, besides its label."""
        fields = ["help_text"]
        if self.takes_answers:
            fields.append("required")
        fields += list(self.limits)
        if self.takes_other:
            fields.append("has_other")
        return tuple(fields)

    @property
    def fixed_levels(self) -> bool:
        """Its options are levels made for the manager (``default_choices``): they can be
        relabelled, never added or removed."""
        return bool(self.default_choices())

    # The figures its statistics show, beyond who saw and who answered it:
    # "options" (each option's count and share), "several" (an answer may hold several
    # options: shares need not sum to 100 %), "mean" (of the options' scores or of the
    # numbers), "distribution" (of typed numbers), "ranking" (average rank, first place),
    # "matrix" (each row's distribution), "texts" (free texts, browsed and searched).
    figures: tuple[str, ...] = ()
    # Whether one answer may be stored as several rows (options ticked, ranks, matrix
    # cells): then counting who answered needs distinct responses, not rows.
    several_rows = False

    def max_length(self, question: QuestionDef) -> int | None:
        """The most characters an answer may have, for kinds typed as text."""
        return None

    # --- reading the form --------------------------------------------------------------

    def parse(self, question: QuestionDef, data: Mapping) -> Parsed:
        raise NotImplementedError

    def form_values(self, question: QuestionDef, answer: Answer) -> dict[str, Any]:
        """The inverse of ``parse``: a stored answer as the form fields that would give it."""
        raw: dict[str, Any] = {field_name(question): answer.value}
        if answer.other:
            raw[field_name(question, OTHER)] = answer.other
        return raw

    def is_empty(self, value: Any) -> bool:
        return value is None or value == "" or value == [] or value == {}

    def required(self, question: QuestionDef, parsed: Parsed) -> Parsed:
        if parsed.error is None and question.required and self.is_empty(parsed.value):
            parsed.error = Message.of(REQUIRED)
        return parsed

    # --- conditions --------------------------------------------------------------------

    def given(self, question: QuestionDef, value: Any) -> set[str]:
        """The codes a display condition compares; any answer counts for « answered »."""
        return set() if self.is_empty(value) else {"*"}

    def condition_values(self, question: QuestionDef) -> list[str] | None:
        """The values a condition on this question may compare with; None: only « answered »."""
        return None

    # --- storage -------------------------------------------------------------------------

    def to_rows(self, question: QuestionDef, answer: Answer) -> list[Row]:
        raise NotImplementedError

    def from_rows(self, question: QuestionDef, rows: list[Row]) -> Answer:
        raise NotImplementedError

    def to_json(self, value: Any) -> Any:
        return value

    def from_json(self, data: Any) -> Any:
        return data

    # --- reading for people ------------------------------------------------------------

    def display(self, question: QuestionDef, answer: Answer, fmt: Formatter) -> list[str]:
        """An answer as lines of text for a person: labels rather than codes."""
        return [] if self.is_empty(answer.value) else [str(answer.value)]

    def columns(self, question: QuestionDef) -> list[str]:
        return [question.code]

    def numeric_columns(self, question: QuestionDef) -> list[bool]:
        """Which of ``columns`` hold numbers, for spreadsheets that type their cells."""
        return [False] * len(self.columns(question))

    def cells(self, question: QuestionDef, answer: Answer | None, fmt: Formatter) -> list[str]:
        if answer is None or self.is_empty(answer.value):
            return [""] * len(self.columns(question))
        return self._cells(question, answer, fmt)

    def _cells(self, question: QuestionDef, answer: Answer, fmt: Formatter) -> list[str]:
        return [free_text(str(answer.value))]

    def hints(self, question: QuestionDef) -> list[Message]:
        """The limits, said before the participant answers (not only in error messages)."""
        return []

    # --- structure ---------------------------------------------------------------------

    def default_choices(self) -> list[ChoiceDef]:
        """The choices a new question of this kind gets (yes/no, scales, Likert levels)."""
        return []

    def check(self, question: QuestionDef) -> list[Message]:
        """What makes a question of this kind unanswerable; empty when it can be published."""
        return []

    # --- synthetic answers -------------------------------------------------------------

    def synthesize(self, question: QuestionDef, synth: Synth) -> Answer | None:
        raise NotImplementedError


def free_text(text: str) -> str:
    """A cell typed by a participant, made harmless for spreadsheets.

    A leading "=", "+", "-" or "@" would make Excel run it as a formula on the manager's
    computer (CSV injection), so it is quoted.
    """
    if text and text[0] in "=+-@\t\r":
        return f"'{text}"
    return text


# --- display only --------------------------------------------------------------------


class DisplayOnly(Kind):
    takes_answers = False
    operators = ()

    def parse(self, question, data):
        return Parsed()

    def to_rows(self, question, answer):
        return []

    def from_rows(self, question, rows):
        return Answer()

    def columns(self, question):
        return []

    def synthesize(self, question, synth):
        return None


class Heading(DisplayOnly):
    name = "heading"
    hint = gettext_noop("Un titre entre deux groupes de questions ; pas de réponse.")
    label = gettext_noop("Intertitre")
    template = "heading"


class Explanation(DisplayOnly):
    name = "text"
    hint = gettext_noop("Un paragraphe d’explication ; pas de réponse.")
    label = gettext_noop("Texte explicatif")
    template = "explanation"


# --- texts ---------------------------------------------------------------------------


class ShortText(Kind):
    name = "short_text"
    hint = gettext_noop("Une réponse libre sur une ligne.")
    label = gettext_noop("Texte court")
    figures = ("texts",)
    template = "text"
    default_max_length = 200
    limits = ("max_length",)

    def max_length(self, question: QuestionDef) -> int:
        return question.max_length or self.default_max_length

    def parse(self, question, data):
        name = field_name(question)
        text = clean_text(data.get(name, ""))
        parsed = Parsed(value=text or None, raw={name: text})
        limit = self.max_length(question)
        if len(text) > limit:
            parsed.error = Message.counted(
                ngettext_lazy(
                    "Votre réponse fait %(count)s caractères ; %(limit)s caractère au maximum.",
                    "Votre réponse fait %(count)s caractères ; %(limit)s caractères au maximum.",
                ),
                limit,
                count=len(text),
                limit=limit,
            )
        return self.required(question, parsed)

    def to_rows(self, question, answer):
        return [Row(text=answer.value)]

    def from_rows(self, question, rows):
        return Answer(rows[0].text if rows else None)

    def hints(self, question):
        limit = self.max_length(question)
        return [
            Message.counted(
                ngettext_lazy("%(n)s caractère maximum.", "%(n)s caractères maximum."),
                limit,
                n=limit,
            )
        ]

    def synthesize(self, question, synth):
        return Answer(synth.texts.short_text(question.code, self.max_length(question)))


class LongText(ShortText):
    name = "long_text"
    hint = gettext_noop("Une réponse libre de plusieurs paragraphes.")
    label = gettext_noop("Texte long")
    template = "textarea"
    default_max_length = 3000

    def hints(self, question):
        return []  # announced by the live character counter instead

    def synthesize(self, question, synth):
        return Answer(synth.texts.long_text(question.code, self.max_length(question)))


# --- choices -------------------------------------------------------------------------


class ChoiceKind(Kind):
    """Shared by the kinds whose answer is made of the question's options."""

    has_options = True
    operators = (ops.EQUALS, ops.NOT_EQUALS, ops.ANY_OF, ops.ANSWERED)
    figures = ("options",)

    def condition_values(self, question):
        return list(question.option_codes)

    def option_label(self, question: QuestionDef, code: str) -> str:
        choice = question.option_by_code.get(code)
        # A code no longer offered is shown as stored rather than lost.
        return choice.label if choice else str(code)

    def with_other(self, question: QuestionDef, code: str, other: str) -> str:
        label = self.option_label(question, code)
        if code == OTHER and other:
            return f"{label} : {other}"
        return label

    def parse_other(self, question: QuestionDef, data: Mapping, parsed: Parsed) -> None:
        name = field_name(question, OTHER)
        text = clean_text(data.get(name, ""))
        parsed.raw[name] = text
        parsed.other = text
        if not text:
            parsed.error = Message.of(
                gettext_noop("Vous avez choisi « Autre » : précisez votre réponse.")
            )
            parsed.error_field = name
        elif len(text) > OTHER_MAX_LENGTH:
            parsed.error = Message.of(
                gettext_noop("La précision « Autre » fait %(count)s caractères ; 500 au maximum."),
                count=len(text),
            )
            parsed.error_field = name

    def check(self, question):
        problems = []
        if (
            question.has_other
            and self.takes_other
            and not any(c.is_other for c in question.choices)
        ):
            problems.append(
                Message.of(
                    gettext_noop("L’option « Autre (précisez) » n’a pas son choix « autre ».")
                )
            )
        plain = [c for c in question.options if not c.is_other]
        if not plain:
            problems.append(
                Message.of(gettext_noop("Aucun choix n’est proposé : ajoutez-en au moins un."))
            )
        for is_row in (False, True):
            codes = [c.code for c in question.choices if c.is_row == is_row and not c.is_other]
            if len(codes) != len(set(codes)):
                problems.append(
                    Message.of(
                        gettext_noop("Deux lignes portent le même code.")
                        if is_row
                        else gettext_noop("Deux choix portent le même code.")
                    )
                )
            elif not is_row and question.other_enabled and OTHER in codes:
                problems.append(
                    Message.of(
                        gettext_noop(
                            "Le code « autre » est réservé à l’option « Autre (précisez) » : "
                            "changez le code de ce choix."
                        )
                    )
                )
        return problems


class SingleChoice(ChoiceKind):
    name = "single_choice"
    hint = gettext_noop("Une seule réponse parmi des boutons radio.")
    label = gettext_noop("Choix unique")
    template = "choices"
    takes_other = True

    def parse(self, question, data):
        name = field_name(question)
        code = clean_text(data.get(name, ""), multiline=False)
        parsed = Parsed(value=code or None, raw={name: code})
        if code and code not in question.option_by_code:
            parsed.error = Message.of(
                gettext_noop("Ce choix n’existe pas. Choisissez une des réponses proposées.")
            )
            parsed.value = None
            return parsed
        if code == OTHER and question.other_enabled:
            self.parse_other(question, data, parsed)
        return self.required(question, parsed)

    def given(self, question, value):
        return set() if self.is_empty(value) else {str(value)}

    def to_rows(self, question, answer):
        rows = [Row(choice=answer.value)]
        if answer.other:
            rows.append(Row(text=answer.other))
        return rows

    def from_rows(self, question, rows):
        code = next((r.choice for r in rows if r.choice is not None), None)
        other = next((r.text for r in rows if r.choice is None), "")
        return Answer(code, other)

    def display(self, question, answer, fmt):
        if self.is_empty(answer.value):
            return []
        return [self.with_other(question, answer.value, answer.other)]

    def columns(self, question):
        if question.other_enabled:
            return [question.code, f"{question.code}__{OTHER}_texte"]
        return [question.code]

    def _cells(self, question, answer, fmt):
        cells = [self.option_label(question, answer.value)]
        if question.other_enabled:
            cells.append(free_text(answer.other) if answer.value == OTHER else "")
        return cells

    def synthesize(self, question, synth):
        options = [c.code for c in question.options if not c.is_other]
        if not options:
            return None
        if question.other_enabled and synth.rng.random() < 0.06:
            return Answer(OTHER, synth.texts.other_text(question.code))
        weights = synth.weights_for(question.code, len(options))
        return Answer(synth.rng.choices(options, weights=weights)[0])


class Select(SingleChoice):
    name = "select"
    hint = gettext_noop("Une seule réponse dans une liste, pour les longues listes.")
    label = gettext_noop("Liste déroulante")
    template = "select"


class FixedScale(SingleChoice):
    """A single choice among levels with a score: Likert, yes/no, 0–10."""

    takes_other = False
    inline = True
    levels: tuple[tuple[str, str, Decimal], ...] = ()
    figures = ("options", "mean")

    def default_choices(self):
        return [ChoiceDef(code=c, label=label, score=score) for c, label, score in self.levels]

    def check(self, question):
        expected = [code for code, _label, _score in self.levels]
        actual = [c.code for c in question.options]
        if actual != expected:
            return [
                Message.of(
                    gettext_noop(
                        "Une question « %(kind)s » doit proposer exactement les niveaux "
                        "%(levels)s, dans cet ordre ; elle en propose %(actual)s."
                    ),
                    kind=Label(self.label),
                    levels=", ".join(expected),
                    actual=", ".join(actual) or "—",
                )
            ]
        return []

    def score(self, question: QuestionDef, code: str) -> Decimal | None:
        choice = question.option_by_code.get(code)
        return choice.score if choice else None


class Likert(FixedScale):
    name = "likert"
    hint = gettext_noop("Cinq niveaux d’accord, créés pour vous.")
    label = gettext_noop("Échelle de 1 à 5")
    template = "choices"
    levels = tuple((code, label, Decimal(code)) for code, label in LIKERT_LEVELS)

    def synthesize(self, question, synth):
        codes = [c.code for c in question.options]
        if not codes:
            return None
        centre = 3 + 1.6 * synth.mood + synth.rng.gauss(0, 0.9)
        return Answer(codes[min(max(round(centre), 1), len(codes)) - 1])


class YesNo(FixedScale):
    name = "yes_no"
    hint = gettext_noop("Oui ou non, créés pour vous.")
    label = gettext_noop("Oui / non")
    figures = ("options",)  # the share of « oui » says it all; a mean of 0/1 would not
    template = "choices"
    levels = (("oui", "Oui", Decimal(1)), ("non", "Non", Decimal(0)))

    def synthesize(self, question, synth):
        rate = synth.weights_for(f"{question.code}:oui", 1)[0] * 0.5 + 0.25
        return Answer("oui" if synth.rng.random() < rate + 0.2 * synth.mood else "non")


class Scale0To10(FixedScale):
    name = "scale_0_10"
    hint = gettext_noop("Une note de 0 à 10, niveaux créés pour vous.")
    label = gettext_noop("Échelle de 0 à 10")
    template = "choices"
    levels = tuple((str(n), str(n), Decimal(n)) for n in range(11))

    def numeric_columns(self, question):
        return [True]  # its labels are the numbers 0 to 10

    def hints(self, question):
        if question.help_text:
            return []
        return [Message.of(gettext_noop("0 : pas du tout ; 10 : tout à fait."))]

    def synthesize(self, question, synth):
        return Answer(str(min(max(round(5 + 4 * synth.mood + synth.rng.gauss(0, 2)), 0), 10)))


class MultipleChoice(ChoiceKind):
    name = "multiple_choice"
    hint = gettext_noop("Plusieurs réponses à cocher.")
    label = gettext_noop("Choix multiple")
    figures = ("options", "several")
    several_rows = True
    template = "choices"
    takes_other = True
    limits = ("min_choices", "max_choices")

    def parse(self, question, data):
        name = field_name(question)
        codes = [clean_text(c, multiline=False) for c in data.getlist(name)]
        codes = [c for c in codes if c]
        parsed = Parsed(value=codes or None, raw={name: codes})
        valid = question.option_by_code
        if any(c not in valid for c in codes) or len(set(codes)) != len(codes):
            parsed.error = Message.of(
                gettext_noop("Un des choix envoyés n’existe pas. Cochez les réponses proposées.")
            )
            parsed.value = None
            return parsed
        # Keep the questionnaire's order, whatever the order of the posted values.
        parsed.value = [c for c in question.option_codes if c in codes] or None
        if OTHER in codes and question.other_enabled:
            self.parse_other(question, data, parsed)
        if parsed.error:
            return parsed
        if codes:
            low, high = question.min_choices, question.max_choices
            if low and len(codes) < low:
                parsed.error = Message.counted(
                    ngettext_lazy(
                        "Cochez au moins %(min)s réponse.", "Cochez au moins %(min)s réponses."
                    ),
                    low,
                    min=low,
                )
            elif high and len(codes) > high:
                parsed.error = Message.counted(
                    ngettext_lazy(
                        "Cochez au plus %(max)s réponse.", "Cochez au plus %(max)s réponses."
                    ),
                    high,
                    max=high,
                )
        return self.required(question, parsed)

    def given(self, question, value):
        return set() if self.is_empty(value) else {str(v) for v in value}

    def to_rows(self, question, answer):
        rows = [Row(choice=code) for code in answer.value]
        if answer.other:
            rows.append(Row(text=answer.other))
        return rows

    def from_rows(self, question, rows):
        chosen = {r.choice for r in rows if r.choice is not None}
        codes = [c for c in question.option_codes if c in chosen]
        codes += sorted(chosen - set(codes))  # codes no longer offered stay readable
        other = next((r.text for r in rows if r.choice is None), "")
        return Answer(codes or None, other)

    def display(self, question, answer, fmt):
        if self.is_empty(answer.value):
            return []
        return [self.with_other(question, code, answer.other) for code in answer.value]

    def columns(self, question):
        columns = [f"{question.code}__{c.code}" for c in question.options]
        if question.other_enabled:
            columns.append(f"{question.code}__{OTHER}_texte")
        return columns

    def numeric_columns(self, question):
        # 1 / 0 per option; the « Autre » text is text.
        return [True] * len(question.options) + [False] * question.other_enabled

    def _cells(self, question, answer, fmt):
        chosen = set(answer.value)
        cells = ["1" if c.code in chosen else "0" for c in question.options]
        if question.other_enabled:
            cells.append(free_text(answer.other) if OTHER in chosen else "")
        return cells

    def hints(self, question):
        low, high = question.min_choices, question.max_choices
        if low and high:
            return [
                Message.of(
                    gettext_noop("Cochez entre %(min)s et %(max)s réponses."), min=low, max=high
                )
            ]
        if high:
            return [
                Message.counted(
                    ngettext_lazy(
                        "Cochez %(max)s réponse au plus.", "Cochez %(max)s réponses au plus."
                    ),
                    high,
                    max=high,
                )
            ]
        if low:
            return [
                Message.counted(
                    ngettext_lazy(
                        "Cochez au moins %(min)s réponse.", "Cochez au moins %(min)s réponses."
                    ),
                    low,
                    min=low,
                )
            ]
        return [Message.of(gettext_noop("Plusieurs réponses possibles."))]

    def check(self, question):
        problems = super().check(question)
        low, high = question.min_choices, question.max_choices
        if low and high and low > high:
            problems.append(Message.of(gettext_noop("Le minimum de choix dépasse le maximum.")))
        if low and low > len(question.options):
            problems.append(
                Message.of(gettext_noop("Le minimum de choix dépasse le nombre de choix proposés."))
            )
        return problems

    def synthesize(self, question, synth):
        rng = synth.rng
        plain = [c.code for c in question.options if not c.is_other]
        if not plain:
            return None
        low = max(question.min_choices or 1, 1)
        pool = list(zip(plain, synth.weights_for(question.code, len(plain)), strict=True))
        if low > 1:  # an exclusive option could not be answered alone
            pool = [(code, w) for code, w in pool if code not in EXCLUSIVE_CODES]
        if question.other_enabled:
            pool.append((OTHER, 0.15))
        high = min(question.max_choices or len(pool), len(pool))
        low = min(low, high)
        count = min(max(low, round(rng.triangular(low, high + 0.49, low))), high)
        picked: list[str] = []
        while len(picked) < count and pool:
            index = rng.choices(range(len(pool)), weights=[w for _c, w in pool])[0]
            picked.append(pool.pop(index)[0])
        exclusive = [code for code in picked if code in EXCLUSIVE_CODES]
        if exclusive:
            picked = exclusive[:1]
        picked = [c for c in question.option_codes if c in picked]
        other = synth.texts.other_text(question.code) if OTHER in picked else ""
        return Answer(picked, other)


class Ranking(ChoiceKind):
    name = "ranking"
    hint = gettext_noop("Des éléments à classer par ordre d’importance.")
    options_label = gettext_noop("Éléments à classer")
    label = gettext_noop("Classement")
    figures = ("ranking",)
    several_rows = True
    template = "ranking"
    operators = (ops.ANSWERED,)

    def condition_values(self, question):
        return None

    def parse(self, question, data):
        items = question.options
        ranks = {
            item.code: clean_text(data.get(field_name(question, item.code), ""), multiline=False)
            for item in items
        }
        parsed = Parsed(raw={field_name(question, k): v for k, v in ranks.items()})
        given = {code: rank for code, rank in ranks.items() if rank}
        if not given:
            return self.required(question, parsed)
        allowed = {str(n) for n in range(1, len(items) + 1)}
        if any(rank not in allowed for rank in given.values()):
            parsed.error = Message.of(
                gettext_noop("Chaque rang doit être un nombre entre 1 et %(n)s."), n=len(items)
            )
        elif len(given) != len(items):
            parsed.error = Message.of(gettext_noop("Donnez un rang à chaque élément, ou à aucun."))
        elif len(set(given.values())) != len(items):
            parsed.error = Message.of(gettext_noop("Chaque rang ne peut être donné qu’une fois."))
        else:
            parsed.value = [
                code for code, _rank in sorted(given.items(), key=lambda kv: int(kv[1]))
            ]
        return parsed

    def form_values(self, question, answer):
        return {
            field_name(question, code): str(rank)
            for rank, code in enumerate(answer.value or [], start=1)
        }

    def to_rows(self, question, answer):
        return [Row(choice=code, rank=rank) for rank, code in enumerate(answer.value, start=1)]

    def from_rows(self, question, rows):
        ranked = sorted((r.rank or 0, r.choice) for r in rows if r.choice is not None)
        return Answer([code for _rank, code in ranked] or None)

    def display(self, question, answer, fmt):
        if self.is_empty(answer.value):
            return []
        return [
            f"{rank}. {self.option_label(question, code)}"
            for rank, code in enumerate(answer.value, start=1)
        ]

    def columns(self, question):
        return [f"{question.code}__{c.code}" for c in question.options]

    def numeric_columns(self, question):
        return [True] * len(question.options)

    def _cells(self, question, answer, fmt):
        ranks = {code: rank for rank, code in enumerate(answer.value, start=1)}
        return [str(ranks.get(c.code, "")) for c in question.options]

    def hints(self, question):
        return [
            Message.of(
                gettext_noop("Donnez à chaque élément un rang différent, 1 pour le plus important.")
            )
        ]

    def check(self, question):
        problems = super().check(question)
        if question.has_other:
            problems.append(
                Message.of(gettext_noop("Un classement ne peut pas proposer « Autre »."))
            )
        return problems

    def synthesize(self, question, synth):
        codes = [c.code for c in question.options]
        if not codes:
            return None
        weights = synth.weights_for(question.code, len(codes))
        # Efraimidis–Spirakis: a weighted random permutation.
        keys = [synth.rng.random() ** (1.0 / w) for w in weights]
        return Answer([code for _k, code in sorted(zip(keys, codes, strict=True), reverse=True)])


class Matrix(ChoiceKind):
    name = "matrix"
    hint = gettext_noop("Un tableau : une réponse par ligne, parmi les mêmes colonnes.")
    options_label = gettext_noop("Colonnes (réponses possibles de chaque ligne)")
    label = gettext_noop("Tableau (un choix par ligne)")
    figures = ("matrix",)
    several_rows = True
    template = "matrix"
    has_rows = True
    operators = (ops.ANSWERED,)

    def condition_values(self, question):
        return None

    def parse(self, question, data):
        columns = question.option_by_code
        chosen = {
            row.code: clean_text(data.get(field_name(question, row.code), ""), multiline=False)
            for row in question.rows
        }
        parsed = Parsed(raw={field_name(question, k): v for k, v in chosen.items()})
        if any(v and v not in columns for v in chosen.values()):
            parsed.error = Message.of(
                gettext_noop("Un des choix envoyés n’existe pas. Choisissez une réponse par ligne.")
            )
            return parsed
        answered = {row: col for row, col in chosen.items() if col}
        parsed.value = answered or None
        if question.required and answered and len(answered) != len(chosen):
            parsed.error = Message.of(gettext_noop("Choisissez une réponse pour chaque ligne."))
            return parsed
        return self.required(question, parsed)

    def form_values(self, question, answer):
        return {field_name(question, row): col for row, col in (answer.value or {}).items()}

    def to_rows(self, question, answer):
        return [Row(choice=col, row=row) for row, col in answer.value.items()]

    def from_rows(self, question, rows):
        picked = {r.row: r.choice for r in rows if r.choice is not None and r.row is not None}
        order = [row.code for row in question.rows]
        ordered = {code: picked[code] for code in order if code in picked}
        ordered.update({code: col for code, col in picked.items() if code not in ordered})
        return Answer(ordered or None)

    def display(self, question, answer, fmt):
        if self.is_empty(answer.value):
            return []
        rows = question.row_by_code
        return [
            f"{rows[code].label if code in rows else code} : {self.option_label(question, col)}"
            for code, col in self.from_rows(
                question, [Row(choice=c, row=r) for r, c in answer.value.items()]
            ).value.items()
        ]

    def columns(self, question):
        return [f"{question.code}__{row.code}" for row in question.rows]

    def _cells(self, question, answer, fmt):
        return [
            self.option_label(question, answer.value[row.code]) if row.code in answer.value else ""
            for row in question.rows
        ]

    def check(self, question):
        problems = super().check(question)
        if not question.rows:
            problems.append(
                Message.of(gettext_noop("Le tableau n’a aucune ligne : ajoutez-en au moins une."))
            )
        if question.has_other:
            problems.append(Message.of(gettext_noop("Un tableau ne peut pas proposer « Autre ».")))
        return problems

    def synthesize(self, question, synth):
        codes = [c.code for c in question.options]
        if not codes or not question.rows:
            return None
        return Answer(
            {
                row.code: synth.rng.choices(
                    codes, weights=synth.weights_for(f"{question.code}:{row.code}", len(codes))
                )[0]
                for row in question.rows
            }
        )


# --- numbers and dates ---------------------------------------------------------------


class Number(Kind):
    name = "number"
    hint = gettext_noop("Un nombre, entre des bornes si besoin.")
    label = gettext_noop("Nombre")
    figures = ("mean", "distribution")
    template = "text"
    limits = ("min_value", "max_value")

    def parse(self, question, data):
        name = field_name(question)
        raw = clean_text(data.get(name, ""), multiline=False)
        parsed = Parsed(raw={name: raw})
        if not raw:
            return self.required(question, parsed)
        try:
            number = Decimal(raw.replace(" ", "").replace("\u202f", "").replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            parsed.error = Message.of(gettext_noop("Saisissez un nombre, par exemple 12 ou 3,5."))
            return parsed
        if question.min_value is not None and number < question.min_value:
            parsed.error = Message.of(
                gettext_noop("Saisissez un nombre supérieur ou égal à %(min)s."),
                min=question.min_value,
            )
        elif question.max_value is not None and number > question.max_value:
            parsed.error = Message.of(
                gettext_noop("Saisissez un nombre inférieur ou égal à %(max)s."),
                max=question.max_value,
            )
        elif abs(number) >= NUMBER_LIMIT:
            parsed.error = Message.of(gettext_noop("Ce nombre est trop grand."))
        elif -number.as_tuple().exponent > NUMBER_DECIMALS:
            parsed.error = Message.of(
                gettext_noop("Saisissez au plus %(n)s chiffres après la virgule."),
                n=NUMBER_DECIMALS,
            )
        else:
            parsed.value = normalise(number)
        return parsed

    def form_values(self, question, answer):
        # As a French participant types it.
        return {field_name(question): str(answer.value).replace(".", ",")}

    def to_rows(self, question, answer):
        return [Row(number=answer.value)]

    def from_rows(self, question, rows):
        return Answer(normalise(rows[0].number) if rows and rows[0].number is not None else None)

    def to_json(self, value):
        return None if value is None else str(value)

    def from_json(self, data):
        return None if data in (None, "") else normalise(Decimal(str(data)))

    def display(self, question, answer, fmt):
        return [] if answer.value is None else [fmt.number(answer.value)]

    def numeric_columns(self, question):
        return [True]

    def _cells(self, question, answer, fmt):
        return [fmt.number(answer.value)]

    def hints(self, question):
        low, high = question.min_value, question.max_value
        if low is not None and high is not None:
            return [
                Message.of(gettext_noop("Un nombre entre %(min)s et %(max)s."), min=low, max=high)
            ]
        if low is not None:
            return [Message.of(gettext_noop("Un nombre supérieur ou égal à %(min)s."), min=low)]
        if high is not None:
            return [Message.of(gettext_noop("Un nombre inférieur ou égal à %(max)s."), max=high)]
        return []

    def check(self, question):
        low, high = question.min_value, question.max_value
        if low is not None and high is not None and low > high:
            return [Message.of(gettext_noop("La valeur minimale dépasse la valeur maximale."))]
        return []

    def synthesize(self, question, synth):
        rng = synth.rng
        low = 0.0 if question.min_value is None else float(question.min_value)
        high = low + 1000.0 if question.max_value is None else float(question.max_value)
        span = high - low
        if span > 1000:
            # Log-uniform, rounded to a « human » figure: budgets look like 15 000, 2 500…
            value = low + math.expm1(rng.uniform(0, math.log1p(span)))
            magnitude = 10 ** max(0, int(math.log10(max(value, 1))) - 1)
            value = round(value / magnitude) * magnitude
        else:
            value = round(low + span * rng.random() ** 1.8)
        value = min(max(value, math.ceil(low)), math.floor(high))
        return Answer(Decimal(int(value)))


def normalise(number: Decimal) -> Decimal:
    """12.50 → 12.5, 2E+1 → 20: the value as a person would write it."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


class Date(Kind):
    name = "date"
    hint = gettext_noop("Une date du calendrier.")
    label = gettext_noop("Date")
    template = "text"

    def parse(self, question, data):
        name = field_name(question)
        raw = clean_text(data.get(name, ""), multiline=False)
        parsed = Parsed(raw={name: raw})
        if raw:
            day = parse_date(raw)
            if day is None:
                parsed.error = Message.of(
                    gettext_noop("Saisissez une date valide, au format JJ/MM/AAAA.")
                )
                return parsed
            parsed.value = day
        return self.required(question, parsed)

    def form_values(self, question, answer):
        return {field_name(question): answer.value.isoformat() if answer.value else ""}

    def to_rows(self, question, answer):
        return [Row(date=answer.value)]

    def from_rows(self, question, rows):
        return Answer(rows[0].date if rows else None)

    def to_json(self, value):
        return None if value is None else value.isoformat()

    def from_json(self, data):
        return None if not data else datetime.date.fromisoformat(data)

    def display(self, question, answer, fmt):
        return [] if answer.value is None else [fmt.date(answer.value)]

    def _cells(self, question, answer, fmt):
        return [answer.value.isoformat()]

    def hints(self, question):
        return [Message.of(gettext_noop("Format attendu : JJ/MM/AAAA."))]

    def synthesize(self, question, synth):
        days = int(synth.rng.expovariate(1 / 500))
        return Answer(synth.today - datetime.timedelta(days=min(days, 3650)))


def parse_date(raw: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return day
    return None


# --- the registry --------------------------------------------------------------------

KINDS: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    KINDS[kind_class.name] = kind_class()
    return kind_class


for _kind in (
    ShortText,
    LongText,
    SingleChoice,
    MultipleChoice,
    Select,
    Likert,
    Scale0To10,
    YesNo,
    Number,
    Date,
    Ranking,
    Matrix,
    Heading,
    Explanation,
):
    register(_kind)


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown question kind {name!r}") from None
