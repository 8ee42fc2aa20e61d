import functools

import markdown as markdown_lib
import nh3
from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
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


@register.filter(is_safe=True)
def markdown(text: str) -> str:
    """Render trusted-but-not-blindly staff Markdown to sanitised HTML.

    Headings are limited to h3 and below: pages already own their h1 and h2.
    """
    return mark_safe(render_markdown(text or ""))


@functools.lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    # Pure function of the text, and the costliest part of a content page: the same texts
    # are rendered on every request, so each process keeps the last thousand results.
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code: str) -> str:
    """The current page's address in another language (for the language switch)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)
