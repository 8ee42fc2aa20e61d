"""What a template needs to draw one question: names, ids, options and current values."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import engine
from .models import ConditionOperator, Question, QuestionKind


def widget_context(question: Question, raw: dict, error: str | None, conditional: bool) -> dict:
    name = engine.field_name(question)
    value = raw.get(name, "")
    selected = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    kind = question.kind
    ctx = {
        "question": question,
        "kind": kind,
        "name": name,
        "id": name,
        "value": value,
        "error": error,
        "error_id": f"{name}-erreur",
        "hints": hints(question),
        "condition_hint": condition_hint(question) if conditional else "",
        "template": f"surveys/questions/{template_for(kind)}.html",
        "input_type": "checkbox" if kind == QuestionKind.MULTIPLE_CHOICE else "radio",
        # Short scales read best on one line; lists of options one per line.
        "inline": kind in (QuestionKind.YES_NO, QuestionKind.LIKERT, QuestionKind.SCALE_0_10),
    }
    if kind == QuestionKind.YES_NO:
        ctx["options"] = [
            {"code": code, "label": label, "id": f"{name}-{code}", "checked": code in selected}
            for code, label in (("oui", _("Oui")), ("non", _("Non")))
        ]
    elif kind == QuestionKind.SCALE_0_10:
        ctx["options"] = [
            {"code": str(n), "label": str(n), "id": f"{name}-{n}", "checked": str(n) in selected}
            for n in engine.SCALE_0_10
        ]
    elif kind in engine_choice_kinds():
        ctx["options"] = [
            {
                "code": c.code,
                "label": c.label,
                "id": f"{name}-{c.code}",
                "checked": c.code in selected,
            }
            for c in engine.options(question)
        ]
    if question.has_other and kind in (
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.MULTIPLE_CHOICE,
        QuestionKind.SELECT,
    ):
        other_name = engine.field_name(question, engine.OTHER)
        ctx["other"] = {
            "code": engine.OTHER,
            "id": f"{name}-{engine.OTHER}",
            "name": other_name,
            "text_id": other_name + "-texte",
            "text": raw.get(other_name, ""),
            "checked": engine.OTHER in selected,
        }
    if kind == QuestionKind.RANKING:
        n = len(ctx["options"])
        ctx["ranks"] = [str(i) for i in range(1, n + 1)]
        for option in ctx["options"]:
            option["name"] = engine.field_name(question, option["code"])
            option["rank"] = raw.get(option["name"], "")
    if kind == QuestionKind.MATRIX:
        ctx["rows"] = [
            {
                "code": row.code,
                "label": row.label,
                "name": engine.field_name(question, row.code),
                "options": [
                    {
                        "code": c["code"],
                        "label": c["label"],
                        "id": f"{name}-{row.code}-{c['code']}",
                        "checked": raw.get(engine.field_name(question, row.code)) == c["code"],
                    }
                    for c in ctx["options"]
                ],
            }
            for row in engine.rows(question)
        ]
    ctx["anchor"] = anchor(ctx)
    return ctx


def anchor(ctx: dict) -> str:
    """The element the error summary links to: the first control of the question."""
    if ctx["kind"] == QuestionKind.MATRIX and ctx["rows"] and ctx["rows"][0]["options"]:
        return ctx["rows"][0]["options"][0]["id"]
    if ctx["kind"] == QuestionKind.RANKING and ctx["options"]:
        return ctx["options"][0]["name"]
    if ctx["kind"] in (QuestionKind.SELECT,):
        return ctx["id"]
    if ctx.get("options"):
        return ctx["options"][0]["id"]
    return ctx["id"]


def engine_choice_kinds():
    return (
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.MULTIPLE_CHOICE,
        QuestionKind.SELECT,
        QuestionKind.LIKERT,
        QuestionKind.RANKING,
        QuestionKind.MATRIX,
    )


def template_for(kind: str) -> str:
    return {
        QuestionKind.SHORT_TEXT: "text",
        QuestionKind.LONG_TEXT: "textarea",
        QuestionKind.NUMBER: "text",
        QuestionKind.DATE: "text",
        QuestionKind.SINGLE_CHOICE: "choices",
        QuestionKind.YES_NO: "choices",
        QuestionKind.LIKERT: "choices",
        QuestionKind.SCALE_0_10: "choices",
        QuestionKind.MULTIPLE_CHOICE: "choices",
        QuestionKind.SELECT: "select",
        QuestionKind.RANKING: "ranking",
        QuestionKind.MATRIX: "matrix",
        QuestionKind.HEADING: "heading",
        QuestionKind.TEXT: "explanation",
    }[kind]


def hints(question: Question) -> list[str]:
    """The limits, said before the participant answers (not only in error messages)."""
    out = []
    if question.help_text:
        out.append(question.help_text)
    kind = question.kind
    # Long texts announce their limit in their live character counter instead.
    if kind == QuestionKind.SHORT_TEXT:
        limit = question.effective_max_length()
        out.append(
            ngettext("%(n)s caractère maximum.", "%(n)s caractères maximum.", limit)
            % {"n": number_format(limit, force_grouping=True)}
        )
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        low, high = question.min_choices, question.max_choices
        if low and high:
            out.append(_("Cochez entre %(min)s et %(max)s réponses.") % {"min": low, "max": high})
        elif high:
            out.append(
                ngettext(
                    "Cochez %(max)s réponse au plus.", "Cochez %(max)s réponses au plus.", high
                )
                % {"max": high}
            )
        elif low:
            out.append(
                ngettext(
                    "Cochez au moins %(min)s réponse.", "Cochez au moins %(min)s réponses.", low
                )
                % {"min": low}
            )
        else:
            out.append(_("Plusieurs réponses possibles."))
    elif kind == QuestionKind.NUMBER:
        low, high = question.min_value, question.max_value
        fmt = lambda d: number_format(d.normalize())  # noqa: E731
        if low is not None and high is not None:
            out.append(
                _("Un nombre entre %(min)s et %(max)s.") % {"min": fmt(low), "max": fmt(high)}
            )
        elif low is not None:
            out.append(_("Un nombre supérieur ou égal à %(min)s.") % {"min": fmt(low)})
        elif high is not None:
            out.append(_("Un nombre inférieur ou égal à %(max)s.") % {"max": fmt(high)})
    elif kind == QuestionKind.DATE:
        out.append(_("Format attendu : JJ/MM/AAAA."))
    elif kind == QuestionKind.RANKING:
        out.append(_("Donnez à chaque élément un rang différent, 1 pour le plus important."))
    elif kind == QuestionKind.SCALE_0_10 and not question.help_text:
        out.append(_("0 : pas du tout ; 10 : tout à fait."))
    return out


def condition_hint(question: Question) -> str:
    parts = []
    for cond in question.conditions.all():
        source = cond.depends_on
        labels = {c.code: c.label for c in engine.options(source)}
        labels.update({"oui": _("Oui"), "non": _("Non")})
        values = ", ".join(
            _("« %(value)s »") % {"value": labels.get(str(v), v)} for v in cond.values
        )
        if cond.operator == ConditionOperator.ANSWERED:
            parts.append(_("si vous avez répondu à « %(q)s »") % {"q": source.label})
        elif cond.operator == ConditionOperator.NOT_EQUALS:
            parts.append(
                _("si votre réponse à « %(q)s » n’est pas %(v)s") % {"q": source.label, "v": values}
            )
        else:
            parts.append(
                _("si votre réponse à « %(q)s » est %(v)s") % {"q": source.label, "v": values}
            )
    return _("À remplir seulement %(conditions)s.") % {"conditions": _(" et ").join(parts)}
