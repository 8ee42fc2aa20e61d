import functools
import re

import markdown as markdown_lib
import nh3
from django import template
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from concerto.core.staticfiles import static_integrity

register = template.Library()

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}


HEADING = re.compile(r"<(/?)h([1-6])>")


@register.filter(is_safe=True)
def markdown(text: str, top_level: int = 3) -> str:
    """Render staff-written Markdown to sanitised HTML.

    Headings are shifted so that the text's highest heading becomes ``h<top_level>``: the
    page around it owns the levels above, and no level is ever skipped (RGAA 9.1).
    """
    return mark_safe(render_markdown(text or "", int(top_level)))


@functools.lru_cache(maxsize=1024)
def render_markdown(text: str, top_level: int = 3) -> str:
    # Pure function of its arguments, and the costliest part of a content page: the same
    # texts are rendered on every request, so each process keeps the last thousand results.
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"])
    levels = [int(level) for _slash, level in HEADING.findall(html)]
    if levels:
        shift = top_level - min(levels)
        html = HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code: str) -> str:
    """The current page's address in another language (for the language switch)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


def _integrity_attribute(path: str):
    value = static_integrity(path)
    return format_html(' integrity="{}"', value) if value else ""


@register.simple_tag
def stylesheet(path: str) -> str:
    """A stylesheet link whose integrity hash is that of the file as served."""
    return format_html(
        '<link rel="stylesheet" href="{}"{}>', static(path), _integrity_attribute(path)
    )


@register.simple_tag
def script(path: str, kind: str = "defer") -> str:
    """A script element with the integrity of the file as served.

    ``kind`` is ``defer``, ``module`` (deferred by nature) or ``nomodule`` (the fallback
    that browsers knowing modules skip).
    """
    attributes = {"defer": " defer", "module": ' type="module"', "nomodule": " nomodule"}[kind]
    return format_html(
        '<script src="{}"{}{}></script>',
        static(path),
        mark_safe(attributes),
        _integrity_attribute(path),
    )
