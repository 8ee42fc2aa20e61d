from django import template

from ..widgets import conditions_json as _conditions_json
from ..widgets import widget_context

register = template.Library()


@register.simple_tag(takes_context=True)
def question_widget(context, item: dict) -> dict:
    return widget_context(
        item["question"],
        item.get("raw") or {},
        item.get("error"),
        item.get("same_page_condition"),
        error_field=item.get("error_field"),
        definition=context.get("definition"),
    )


@register.filter
def conditions_json(question) -> str:
    return _conditions_json(question)
