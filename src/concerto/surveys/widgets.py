"""What a template needs to draw one question: names, ids, options and current values.

Everything kind-specific comes from the kind (its template, its options, its hints); this
module only lays it out for the templates.
"""

from __future__ import annotations

import json

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from concerto.core.templatetags.concerto import in_content_lang

from .engine import OTHER, QuestionDef, field_name, kind
from .engine import conditions as ops
from .messages import render


def widget_context(
    question: QuestionDef,
    raw: dict,
    error: str | None,
    conditional: bool,
    *,
    error_field: str | None = None,
    definition=None,
) -> dict:
    k = kind(question.kind)
    name = field_name(question)
    value = raw.get(name, "")
    selected = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    input_type = "checkbox" if question.kind == "multiple_choice" else "radio"
    ctx = {
        "question": question,
        "kind": question.kind,
        "name": name,
        "id": name,
        "value": "" if value is None else value,
        "error": error,
        "error_id": f"{name}-erreur",
        "hints": [render(m) for m in k.hints(question)],
        "condition_hint": condition_hint(question, definition) if conditional else "",
        "template": f"surveys/questions/{k.template}.html",
        "input_type": input_type,
        "inline": k.inline,
        "max_length": k.max_length(question),
        # The « Autre » text is in error, not the choice itself.
        "other_in_error": bool(error) and error_field == field_name(question, OTHER),
    }
    if k.has_options:
        ctx["options"] = [
            {
                "code": c.code,
                "label": c.label,
                "id": f"{name}-{c.code}",
                "checked": c.code in selected,
            }
            for c in question.options
            if not c.is_other
        ]
    if question.other_enabled:
        other_name = field_name(question, OTHER)
        ctx["other"] = {
            "code": OTHER,
            "id": f"{name}-{OTHER}",
            "name": other_name,
            "text_id": other_name + "-texte",
            "text": raw.get(other_name, ""),
            "checked": OTHER in selected,
        }
    if question.kind == "ranking":
        ctx["ranks"] = [str(i) for i in range(1, len(ctx["options"]) + 1)]
        for option in ctx["options"]:
            option["name"] = field_name(question, option["code"])
            option["rank"] = raw.get(option["name"], "")
    if k.has_rows:
        ctx["rows"] = [
            {
                "code": row.code,
                "label": row.label,
                "name": field_name(question, row.code),
                "options": [
                    {
                        "code": c["code"],
                        "label": c["label"],
                        "id": f"{name}-{row.code}-{c['code']}",
                        "checked": raw.get(field_name(question, row.code)) == c["code"],
                    }
                    for c in ctx["options"]
                ],
            }
            for row in question.rows
        ]
    ctx["anchor"] = anchor(ctx, error_field)
    return ctx


def anchor(ctx: dict, error_field: str | None = None) -> str:
    """The element the error summary links to: the field to fix, else the first control."""
    if ctx.get("other") and error_field == ctx["other"]["name"]:
        return ctx["other"]["text_id"]
    if ctx.get("rows") and ctx["rows"][0]["options"]:
        return ctx["rows"][0]["options"][0]["id"]
    if ctx["kind"] == "ranking" and ctx.get("options"):
        return ctx["options"][0]["name"]
    if ctx["kind"] == "select":
        return ctx["id"]
    if ctx.get("options"):
        return ctx["options"][0]["id"]
    return ctx["id"]


def error_anchor(question: QuestionDef, error_field: str | None = None) -> str:
    return widget_context(question, {}, None, False, error_field=error_field)["anchor"]


def conditions_json(question: QuestionDef) -> str:
    """Display conditions for the progressive-enhancement script (the server decides anyway)."""
    return json.dumps(
        [
            {"field": f"q-{c.depends_on}", "operator": c.operator, "values": list(c.values)}
            for c in question.conditions
        ]
    )


def _html(template: str, **values) -> str:
    """``template % values`` as safe HTML, every part escaped unless already safe."""
    return mark_safe(
        conditional_escape(template) % {k: conditional_escape(v) for k, v in values.items()}
    )


def condition_hint(question: QuestionDef, definition=None) -> str:
    # Labels are staff-written French: under /en/ they are marked lang="fr" (RGAA 8.7).
    parts = []
    for cond in question.conditions:
        source = definition.by_code.get(cond.depends_on) if definition is not None else None
        source_label = in_content_lang(source.label if source is not None else cond.depends_on)
        labels = {c.code: c.label for c in source.options} if source is not None else {}
        values = mark_safe(
            ", ".join(
                _html(_("« %(value)s »"), value=in_content_lang(labels.get(str(v), v)))
                for v in cond.values
            )
        )
        if cond.operator == ops.ANSWERED:
            parts.append(_html(_("si vous avez répondu à « %(q)s »"), q=source_label))
        elif cond.operator == ops.NOT_EQUALS:
            parts.append(
                _html(_("si votre réponse à « %(q)s » n’est pas %(v)s"), q=source_label, v=values)
            )
        else:
            parts.append(
                _html(_("si votre réponse à « %(q)s » est %(v)s"), q=source_label, v=values)
            )
    conditions = mark_safe(conditional_escape(_(" et ")).join(parts))
    return _html(_("À remplir seulement %(conditions)s."), conditions=conditions)
