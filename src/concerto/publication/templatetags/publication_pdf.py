"""What the results' PDF needs that a web page gets from static files: its styles, read from
disk and written into the document (WeasyPrint fetches nothing)."""

import functools
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()

FONT_FACES = [
    ("Marianne", "400", "normal", "dsfr/dist/fonts/Marianne-Regular.woff"),
    ("Marianne", "700", "normal", "dsfr/dist/fonts/Marianne-Bold.woff"),
    ("Marianne", "400", "italic", "dsfr/dist/fonts/Marianne-Regular_Italic.woff"),
]
STYLESHEETS = ["results/statistics.css", "publication/results_pdf.css"]


@functools.cache
def _styles() -> str:
    parts = []
    for family, weight, style, path in FONT_FACES:
        found = finders.find(path)
        if found:
            parts.append(
                f"@font-face {{ font-family: {family}; font-weight: {weight}; "
                f"font-style: {style}; src: url('{Path(found).as_uri()}'); }}"
            )
    for path in STYLESHEETS:
        found = finders.find(path)
        if found:
            parts.append(Path(found).read_text(encoding="utf-8"))
    # A stylesheet holds no markup; this keeps a stray "</style>" from ending the element.
    return "\n".join(parts).replace("</", "<\\/")


@register.simple_tag
def pdf_styles() -> str:
    return mark_safe(_styles())
