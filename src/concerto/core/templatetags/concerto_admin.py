"""Template helpers for the back office's accessibility (Django admin templates we override)."""

import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*>')


@register.simple_tag
def labelled_cell(cell, headers, index: int):
    """A change list cell whose editable field is labelled by its column's name.

    Django renders ``list_editable`` fields bare in their cell: the column header names
    them for the eye, not for a screen reader (RGAA 11.1).
    """
    html = str(cell)
    field = FIELD.search(html)
    if field is None or 'type="hidden"' in field[0] or "<label" in html or index >= len(headers):
        return cell
    label = format_html(
        '<label class="visually-hidden" for="{}">{}</label>',
        field[1],
        strip_tags(str(headers[index]["text"])),
    )
    opening = html.index(">") + 1
    return mark_safe(html[:opening] + label + html[opening:])
