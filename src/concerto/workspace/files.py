"""Questionnaires as files: Concerto's own JSON format (versioned, documented in
``docs/questionnaire-files.md``) both ways, and LimeSurvey's survey structure (``.lss``) in.

Reading a file never writes: it returns a checked description (the shape of
``surveys.builders``) and, for LimeSurvey, a report of what could not be carried over. The
staff action ``import_questionnaire`` then creates the questionnaire in one transaction.
Anything wrong with the file raises ``FileRefused`` with a French message.
"""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from concerto.surveys import engine
from concerto.surveys.engine import OTHER, clean_text
from concerto.surveys.structure import load

FORMAT = "concerto-questionnaire"
VERSION = 1
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_SECTIONS = 100
MAX_QUESTIONS = 1000
MAX_CHOICES = 200
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
QUESTION_OPTIONAL = (
    "help_text",
    "required",
    "max_length",
    "min_choices",
    "max_choices",
    "min_value",
    "max_value",
    "has_other",
)


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Imported:
    spec: dict
    source: str  # "json" or "lss"
    report: list[str] = field(default_factory=list)


# --- export ----------------------------------------------------------------------------------


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def export_questionnaire(questionnaire) -> dict:
    """The questionnaire's structure (no answers, no people) as a JSON-ready document."""
    definition = load(questionnaire.pk)
    sections = []
    for index, section in enumerate(definition.sections):
        questions = []
        for q in definition.section_questions(index):
            item: dict[str, Any] = {"code": q.code, "kind": q.kind, "label": q.label}
            if q.help_text:
                item["help_text"] = q.help_text
            if q.required:
                item["required"] = True
            for name in ("max_length", "min_choices", "max_choices"):
                if getattr(q, name) is not None:
                    item[name] = getattr(q, name)
            for name in ("min_value", "max_value"):
                if getattr(q, name) is not None:
                    item[name] = _number(getattr(q, name))
            if q.has_other:
                item["has_other"] = True
            options = [c for c in q.choices if not c.is_row and not c.is_other]
            if options:
                item["choices"] = [
                    {"code": c.code, "label": c.label}
                    | ({"score": _number(c.score)} if c.score is not None else {})
                    for c in options
                ]
            rows = [c for c in q.choices if c.is_row]
            if rows:
                item["rows"] = [{"code": c.code, "label": c.label} for c in rows]
            if q.conditions:
                item["conditions"] = [
                    {"depends_on": c.depends_on, "operator": c.operator, "values": list(c.values)}
                    for c in q.conditions
                ]
            questions.append(item)
        sections.append(
            {"title": section.title, "description": section.description, "questions": questions}
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        "questionnaire": {
            "title": questionnaire.title,
            "slug": questionnaire.slug,
            "introduction": questionnaire.introduction,
            "estimated_minutes": questionnaire.estimated_minutes,
            "sections": sections,
        },
    }


# --- reading an upload -----------------------------------------------------------------------


def read_upload(upload) -> Imported:
    """A checked description of the uploaded file's questionnaire, or ``FileRefused``."""
    if upload.size > MAX_FILE_BYTES:
        raise FileRefused(
            _("Ce fichier pèse %(size)s Ko ; la taille maximale est de %(limit)s Ko.")
            % {"size": upload.size // 1024, "limit": MAX_FILE_BYTES // 1024}
        )
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(
            _("Ce fichier dépasse la taille maximale de %(limit)s Ko.")
            % {"limit": MAX_FILE_BYTES // 1024}
        )
    return read_bytes(raw, name=getattr(upload, "name", "") or "")


def read_bytes(raw: bytes, *, name: str = "") -> Imported:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("Ce fichier n’est pas un texte encodé en UTF-8 : exportez-le à nouveau.")
        ) from None
    stripped = text.lstrip()
    if name.lower().endswith(".lss") or stripped.startswith("<"):
        return read_lss(text)
    if name.lower().endswith(".json") or stripped.startswith("{"):
        return read_json(text)
    raise FileRefused(
        _("Ce fichier n’est ni une enquête Concerto (.json) ni une enquête LimeSurvey (.lss).")
    )


def read_json(text: str) -> Imported:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FileRefused(
            _("Ce fichier JSON est mal formé (%(detail)s).") % {"detail": str(error)[:120]}
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FileRefused(
            _("Ce fichier n’est pas une enquête exportée de Concerto (champ « format » absent).")
        )
    version = document.get("version")
    if version != VERSION:
        raise FileRefused(
            _(
                "Ce fichier est au format version %(version)s, que cette plateforme ne lit pas "
                "(elle lit la version %(supported)s)."
            )
            % {"version": str(version)[:20], "supported": VERSION}
        )
    questionnaire = document.get("questionnaire")
    if not isinstance(questionnaire, dict):
        raise FileRefused(_("Le fichier ne contient pas d’enquête (champ « questionnaire »)."))
    return Imported(spec=check_spec(questionnaire), source="json")


# --- checking a description ------------------------------------------------------------------


def _text(value: Any, where: str, *, max_length: int, required: bool = True, multiline=True):
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise FileRefused(_("%(where)s : un texte est attendu.") % {"where": where})
    value = clean_text(value, multiline=multiline).strip()
    if required and not value:
        raise FileRefused(_("%(where)s : ce texte ne peut pas être vide.") % {"where": where})
    if len(value) > max_length:
        raise FileRefused(
            _("%(where)s : %(n)s caractères au plus.") % {"where": where, "n": max_length}
        )
    return value


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not CODE.match(value):
        raise FileRefused(
            _("%(where)s : code « %(code)s » invalide (lettres, chiffres, tirets ; 60 au plus).")
            % {"where": where, "code": str(value)[:60]}
        )
    return value


def _positive(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1_000_000:
        raise FileRefused(_("%(where)s : un nombre entier positif est attendu.") % {"where": where})
    return value


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise FileRefused(_("%(where)s : un nombre est attendu.") % {"where": where})
    return number.quantize(Decimal("0.01"))


def _choices(items: Any, where: str) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list) or len(items) > MAX_CHOICES:
        raise FileRefused(
            _("%(where)s : une liste de %(n)s choix au plus est attendue.")
            % {"where": where, "n": MAX_CHOICES}
        )
    found, codes = [], set()
    for index, item in enumerate(items, start=1):
        here = f"{where}, n° {index}"
        if not isinstance(item, dict):
            raise FileRefused(_("%(where)s : un choix est attendu.") % {"where": here})
        code = _code(item.get("code"), here)
        if code in codes:
            raise FileRefused(
                _("%(where)s : le code « %(code)s » est en double.") % {"where": here, "code": code}
            )
        if code == OTHER:
            raise FileRefused(
                _("%(where)s : le code « autre » est réservé à l’option « Autre (précisez) ».")
                % {"where": here}
            )
        codes.add(code)
        choice = {
            "code": code,
            "label": _text(item.get("label"), here, max_length=300, multiline=False),
        }
        if item.get("score") is not None:
            choice["score"] = _decimal(item["score"], here)
            if abs(choice["score"]) >= 10_000:
                raise FileRefused(
                    _("%(where)s : un score est inférieur à 10 000.") % {"where": here}
                )
        found.append(choice)
    return found


def check_spec(data: dict) -> dict:
    """Check a questionnaire description whatever its origin; return it cleaned.

    Only what would make the questionnaire unbuildable is refused (an unknown kind, two
    questions with one code, a condition on a later question); what the checks before
    publishing report (a choice question without choices…) is imported, in draft, and
    listed in the builder."""
    title = _text(data.get("title"), _("Titre de l’enquête"), max_length=200, multiline=False)
    spec: dict[str, Any] = {
        "title": title,
        "slug": data.get("slug") if isinstance(data.get("slug"), str) else "",
        "introduction": _text(
            data.get("introduction"), _("Introduction"), max_length=10_000, required=False
        ),
        "sections": [],
    }
    minutes = data.get("estimated_minutes")
    if minutes is not None:
        spec["estimated_minutes"] = min(_positive(minutes, _("Durée estimée")), 240)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise FileRefused(_("L’enquête du fichier n’a aucune section."))
    if len(sections) > MAX_SECTIONS:
        raise FileRefused(_("Une enquête a au plus %(n)s sections.") % {"n": MAX_SECTIONS})
    seen: dict[str, dict] = {}
    count = 0
    for s_index, section in enumerate(sections, start=1):
        where = _("Section %(n)s") % {"n": s_index}
        if not isinstance(section, dict):
            raise FileRefused(_("%(where)s : une section est attendue.") % {"where": where})
        questions = section.get("questions") or []
        if not isinstance(questions, list):
            raise FileRefused(
                _("%(where)s : une liste de questions est attendue.") % {"where": where}
            )
        checked = {
            "title": _text(section.get("title"), where, max_length=200, multiline=False),
            "description": _text(
                section.get("description"), where, max_length=5000, required=False
            ),
            "questions": [],
        }
        for q_index, question in enumerate(questions, start=1):
            count += 1
            if count > MAX_QUESTIONS:
                raise FileRefused(
                    _("Une enquête a au plus %(n)s questions.") % {"n": MAX_QUESTIONS}
                )
            here = _("Section %(s)s, question %(q)s") % {"s": s_index, "q": q_index}
            checked["questions"].append(_check_question(question, here, seen))
        spec["sections"].append(checked)
    return spec


def _check_question(question: Any, where: str, seen: dict[str, dict]) -> dict:
    if not isinstance(question, dict):
        raise FileRefused(_("%(where)s : une question est attendue.") % {"where": where})
    code = _code(question.get("code"), where)
    where = f"{where} (« {code} »)"
    if code in seen:
        raise FileRefused(
            _("%(where)s : une autre question porte déjà ce code.") % {"where": where}
        )
    kind_name = question.get("kind")
    if kind_name not in engine.KINDS:
        raise FileRefused(
            _("%(where)s : le type « %(kind)s » n’existe pas.")
            % {"where": where, "kind": str(kind_name)[:40]}
        )
    kind = engine.kind(kind_name)
    checked: dict[str, Any] = {
        "code": code,
        "kind": kind_name,
        "label": _text(question.get("label"), where, max_length=5000),
    }
    checked["help_text"] = _text(question.get("help_text"), where, max_length=5000, required=False)
    for name in ("required", "has_other"):
        value = question.get(name, False)
        if not isinstance(value, bool):
            raise FileRefused(
                _("%(where)s : « %(name)s » vaut true ou false.") % {"where": where, "name": name}
            )
        checked[name] = value
    for name in ("max_length", "min_choices", "max_choices"):
        checked[name] = _positive(question.get(name), where)
    for name in ("min_value", "max_value"):
        checked[name] = _decimal(question.get(name), where)
    if kind.has_options:
        checked["choices"] = _choices(question.get("choices"), where)
        if not checked["choices"]:
            checked.pop("choices")  # a fixed scale gets its levels
    elif question.get("choices"):
        raise FileRefused(
            _("%(where)s : ce type de question ne propose pas de choix.") % {"where": where}
        )
    if kind.has_rows:
        checked["rows"] = _choices(question.get("rows"), where)
    elif question.get("rows"):
        raise FileRefused(_("%(where)s : seul un tableau a des lignes.") % {"where": where})
    conditions = question.get("conditions") or []
    if not isinstance(conditions, list):
        raise FileRefused(_("%(where)s : une liste de conditions est attendue.") % {"where": where})
    checked["conditions"] = []
    for condition in conditions:
        if not isinstance(condition, dict):
            raise FileRefused(_("%(where)s : une condition est attendue.") % {"where": where})
        source_code = condition.get("depends_on")
        source = seen.get(source_code)
        if source is None:
            raise FileRefused(
                _(
                    "%(where)s : la condition porte sur « %(source)s », qui n’est pas une "
                    "question précédente : une condition ne peut porter que sur une question "
                    "qui vient avant."
                )
                % {"where": where, "source": str(source_code)[:60]}
            )
        operator = condition.get("operator")
        if operator not in engine.kind(source["kind"]).operators:
            raise FileRefused(
                _(
                    "%(where)s : la condition « %(operator)s » n’est pas possible sur « %(source)s »."
                )
                % {"where": where, "operator": str(operator)[:20], "source": source_code}
            )
        values = condition.get("values", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise FileRefused(
                _("%(where)s : les valeurs d’une condition sont des textes.") % {"where": where}
            )
        checked["conditions"].append(
            {"depends_on": source_code, "operator": operator, "values": values[:MAX_CHOICES]}
        )
    seen[code] = checked
    return checked


# --- LimeSurvey ------------------------------------------------------------------------------
#
# A .lss file is LimeSurvey's export of a survey structure: an XML ``<document>`` whose
# children are tables (``<groups>``, ``<questions>``, ``<subquestions>``, ``<answers>``,
# ``<conditions>``, and from LimeSurvey 4 on ``<group_l10ns>``, ``<question_l10ns>``,
# ``<answer_l10ns>`` for the texts), each with ``<rows><row>`` of fields. It is described in
# the LimeSurvey manual (« Display/Import/Export survey ») and written by
# ``application/helpers/export_helper.php`` (``surveyGetXMLData``) of LimeSurvey's source.

LSS_KINDS = {
    "L": "single_choice",  # List (radio)
    "!": "select",  # List (dropdown)
    "M": "multiple_choice",  # Multiple choice (options are subquestions)
    "S": "short_text",
    "T": "long_text",
    "U": "long_text",  # Huge free text
    "N": "number",
    "D": "date",
    "Y": "yes_no",
    "5": "likert",  # 5-point choice (no labels of its own: ours are used)
    "R": "ranking",
    "F": "matrix",  # Array (flexible labels): rows are subquestions, columns answers
    "X": "text",  # Text display
}
LSS_NAMES = {
    "1": "tableau à deux échelles",
    "A": "tableau à 5 points",
    "B": "tableau à 10 points",
    "C": "tableau oui / incertain / non",
    "E": "tableau augmenter / identique / diminuer",
    "H": "tableau par colonne",
    "G": "genre",
    "I": "choix de langue",
    "K": "multiples nombres",
    "O": "liste avec commentaire",
    "P": "choix multiple avec commentaires",
    "Q": "multiples textes courts",
    ";": "tableau de textes",
    ":": "tableau de nombres",
    "*": "équation",
    "|": "envoi de fichier",
}


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    node = root.find(table)
    if node is None:
        return []
    return [
        {child.tag: (child.text or "").strip() for child in row}
        for row in node.iterfind("rows/row")
    ]


def _plain(html: str) -> str:
    """LimeSurvey texts are HTML: keep the words."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", html or "", flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    import html as html_module

    return clean_text(html_module.unescape(text)).strip()


def _order(row: dict, name: str) -> int:
    try:
        return int(row.get(name) or 0)
    except ValueError:
        return 0


def read_lss(text: str) -> Imported:
    if re.search(r"<!DOCTYPE|<!ENTITY", text[:5000], flags=re.I):
        raise FileRefused(_("Ce fichier XML déclare des entités : il est refusé par sécurité."))
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise FileRefused(
            _("Ce fichier .lss est mal formé (XML illisible : %(detail)s).")
            % {"detail": str(error)[:120]}
        ) from None
    doc_type = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or doc_type != "Survey":
        raise FileRefused(_("Ce fichier XML n’est pas une structure d’enquête LimeSurvey (.lss)."))
    report: list[str] = []
    surveys = _rows(root, "surveys")
    language = (surveys[0].get("language") if surveys else "") or ""
    l10n_surveys = _rows(root, "surveys_languagesettings")

    def in_language(rows: list[dict], key: str) -> list[dict]:
        if not language:
            return rows
        chosen = [r for r in rows if r.get(key, language) == language]
        return chosen or rows

    settings = in_language(l10n_surveys, "surveyls_language")
    title = (settings[0].get("surveyls_title") if settings else "") or _("Enquête importée")
    introduction = _plain(settings[0].get("surveyls_description", "")) if settings else ""

    groups = in_language(_rows(root, "groups"), "language")
    group_texts = {r.get("gid"): r for r in in_language(_rows(root, "group_l10ns"), "language")}
    seen_gids: list[str] = []
    group_by_id: dict[str, dict] = {}
    for group in sorted(groups, key=lambda g: _order(g, "group_order")):
        gid = group.get("gid", "")
        if gid in group_by_id:
            continue
        texts = group_texts.get(gid, group)
        group_by_id[gid] = {
            "title": clean_text(texts.get("group_name") or _("Section"), multiline=False)[:200],
            "description": _plain(texts.get("description", ""))[:5000],
            "questions": [],
        }
        seen_gids.append(gid)

    questions = in_language(_rows(root, "questions"), "language")
    question_texts = {
        r.get("qid"): r for r in in_language(_rows(root, "question_l10ns"), "language")
    }
    subquestions = in_language(_rows(root, "subquestions"), "language")
    # Before LimeSurvey 3, subquestions are rows of <questions> with a parent_qid.
    subquestions += [q for q in questions if q.get("parent_qid") not in (None, "", "0")]
    questions = [q for q in questions if q.get("parent_qid") in (None, "", "0")]
    answers = in_language(_rows(root, "answers"), "language")
    answer_texts = {r.get("aid"): r for r in in_language(_rows(root, "answer_l10ns"), "language")}

    def text_of(row: dict, texts: dict, key: str, field_name: str) -> str:
        return (texts.get(row.get(key)) or row).get(field_name, "") or row.get(field_name, "")

    code_of: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    taken: set[str] = set()
    by_qid: dict[str, dict] = {}
    for question in sorted(questions, key=lambda q: _order(q, "question_order")):
        qid = question.get("qid", "")
        if qid in by_qid or qid in code_of:
            continue
        lss_type = question.get("type", "")
        raw_code = question.get("title") or f"q{qid}"
        code = re.sub(r"[^-a-zA-Z0-9_]", "-", raw_code)[:60] or f"q{qid}"
        while code in taken:
            code = f"{code[:55]}-{qid}"[:60]
        label = _plain(text_of(question, question_texts, "qid", "question")) or code
        kind_name = LSS_KINDS.get(lss_type)
        if kind_name is None:
            report.append(
                _(
                    "Question « %(code)s » (%(type)s) : ce type LimeSurvey n’a pas d’équivalent ; elle n’est pas reprise."
                )
                % {"code": raw_code, "type": LSS_NAMES.get(lss_type, f"type {lss_type}")}
            )
            continue
        group = group_by_id.get(question.get("gid", ""))
        if group is None:
            report.append(
                _(
                    "Question « %(code)s » : son groupe est absent du fichier ; elle n’est pas reprise."
                )
                % {"code": raw_code}
            )
            continue
        taken.add(code)
        item: dict[str, Any] = {
            "code": code,
            "kind": kind_name,
            "label": label[:5000],
            "help_text": _plain(text_of(question, question_texts, "qid", "help"))[:5000],
            "required": question.get("mandatory") == "Y",
        }
        if question.get("other") == "Y":
            if engine.kind(kind_name).takes_other:
                item["has_other"] = True
            else:
                report.append(
                    _(
                        "Question « %(code)s » : l’option « Autre » n’existe pas pour ce type ; elle n’est pas reprise."
                    )
                    % {"code": code}
                )
        if lss_type == "5":
            report.append(
                _(
                    "Question « %(code)s » : échelle à 5 points reprise avec les libellés d’accord de Concerto (1 à 5)."
                )
                % {"code": code}
            )
        relevance = (question.get("relevance") or "1").strip()
        if relevance not in ("", "1"):
            report.append(
                _(
                    "Question « %(code)s » : sa condition d’affichage en équation (« %(expr)s ») n’est pas reprise ; recréez-la dans le constructeur."
                )
                % {"code": code, "expr": relevance[:80]}
            )
        code_of[qid] = code
        kind_of[qid] = kind_name
        by_qid[qid] = item
        group["questions"].append(item)

    # Options: answers (L, !, R, F columns) or subquestions (M options, F rows).
    def _options(rows: list[dict], key_code: str, texts: dict, key_id: str, text_field: str):
        found, codes = [], set()
        for row in sorted(
            rows, key=lambda r: _order(r, "sortorder") or _order(r, "question_order")
        ):
            code = re.sub(r"[^-a-zA-Z0-9_]", "-", row.get(key_code, ""))[:60]
            if not code or code in codes:
                continue
            if code == OTHER:
                code = "autre-choix"
            codes.add(code)
            label = _plain(text_of(row, texts, key_id, text_field)) or code
            found.append({"code": code, "label": label[:300]})
        return found[:MAX_CHOICES]

    answers_by_q: dict[str, list[dict]] = {}
    for row in answers:
        if (row.get("scale_id") or "0") != "0":
            continue
        answers_by_q.setdefault(row.get("qid", ""), []).append(row)
    subs_by_q: dict[str, list[dict]] = {}
    for row in subquestions:
        if (row.get("scale_id") or "0") != "0":
            continue
        subs_by_q.setdefault(row.get("parent_qid", ""), []).append(row)
    for qid, item in by_qid.items():
        kind_name = item["kind"]
        if kind_name in ("single_choice", "select", "ranking", "matrix"):
            item["choices"] = _options(
                answers_by_q.get(qid, []), "code", answer_texts, "aid", "answer"
            )
        if kind_name == "multiple_choice":
            item["choices"] = _options(
                subs_by_q.get(qid, []), "title", question_texts, "qid", "question"
            )
        if kind_name == "matrix":
            item["rows"] = _options(
                subs_by_q.get(qid, []), "title", question_texts, "qid", "question"
            )

    # Conditions of the legacy table: several rows on one source are « any of ».
    position = {qid: i for i, qid in enumerate(by_qid)}
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for row in _rows(root, "conditions"):
        qid, cqid, method = row.get("qid", ""), row.get("cqid", ""), row.get("method", "")
        value = row.get("value", "")
        if qid not in by_qid:
            continue
        if cqid not in by_qid or position[cqid] >= position[qid]:
            report.append(
                _(
                    "Question « %(code)s » : une condition porte sur une question absente ou suivante ; elle n’est pas reprise."
                )
                % {"code": by_qid[qid]["code"]}
            )
            continue
        source_kind = kind_of[cqid]
        if source_kind == "multiple_choice" and method == "==" and value == "Y":
            # cfieldname ends with the subquestion's code: SIDXGIDXQIDcode.
            field_name = row.get("cfieldname", "")
            sub = field_name.split("X")[-1][len(cqid) :] if "X" in field_name else ""
            grouped.setdefault((qid, cqid, "any_of"), []).append(sub)
        elif method in ("==", "!=") and source_kind in (
            "single_choice",
            "select",
            "yes_no",
            "likert",
        ):
            if source_kind == "yes_no":
                value = {"Y": "oui", "N": "non"}.get(value, value)
            grouped.setdefault(
                (qid, cqid, "any_of" if method == "==" else "not_equals"), []
            ).append(value)
        else:
            report.append(
                _(
                    "Question « %(code)s » : une condition « %(method)s » n’a pas d’équivalent ; elle n’est pas reprise."
                )
                % {"code": by_qid[qid]["code"], "method": method[:10]}
            )
    for (qid, cqid, operator), values in grouped.items():
        by_qid[qid].setdefault("conditions", []).append(
            {"depends_on": code_of[cqid], "operator": operator, "values": values}
        )

    sections = [group_by_id[g] for g in seen_gids if group_by_id[g]["questions"]]
    if not sections:
        raise FileRefused(_("Ce fichier .lss ne contient aucune question reprise par Concerto."))
    try:
        spec = check_spec(
            {
                "title": clean_text(title, multiline=False)[:200],
                "introduction": introduction,
                "sections": sections,
            }
        )
    except FileRefused as refused:
        raise FileRefused(
            _("Ce fichier .lss ne peut pas être repris : %(why)s") % {"why": refused.message}
        ) from None
    return Imported(spec=spec, source="lss", report=report)
