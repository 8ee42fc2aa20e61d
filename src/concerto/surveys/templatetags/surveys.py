import json

from django import template

from ..widgets import widget_context

register = template.Library()


@register.simple_tag
def question_widget(item: dict) -> dict:
    return widget_context(
        item["question"], item.get("raw") or {}, item.get("error"), item.get("same_page_condition")
    )


@register.filter
def anchor_for(question) -> str:
    return widget_context(question, {}, None, False)["anchor"]


@register.filter
def conditions_json(question) -> str:
    """Display conditions for the progressive-enhancement script (the server decides anyway)."""
    return json.dumps(
        [
            {"field": f"q-{c.depends_on.code}", "operator": c.operator, "values": c.values}
            for c in question.conditions.all()
        ]
    )
