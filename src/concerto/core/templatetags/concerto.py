import functools
import re

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
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
def stylesheet(path: str, element_id: str = "") -> str:
    """A stylesheet link whose integrity hash is that of the file as served."""
    id_attribute = format_html(' id="{}"', element_id) if element_id else ""
    return format_html(
        '<link rel="stylesheet"{} href="{}"{}>',
        id_attribute,
        static(path),
        _integrity_attribute(path),
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


# What staff write (consultations, themes, questions, options, profiles, the site's tagline)
# is in the site's default language; under /en/ a screen reader must read it with a French
# voice (RGAA 8.7). Used on every piece of database text shown in a page.
def _content_lang_differs() -> bool:
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current != settings.LANGUAGE_CODE.split("-")[0]


@register.simple_tag
def content_lang() -> str:
    """`` lang="fr"`` for an element holding staff-written content, when the page is not French."""
    if _content_lang_differs():
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return ""


@register.simple_tag
def content_in_other_language() -> bool:
    """True when the page's language is not the one staff write in (``/en/``)."""
    return _content_lang_differs()


@register.filter(is_safe=True)
def in_content_lang(value) -> str:
    """Staff-written text inline: wrapped in ``<span lang="fr">`` when the page is not French."""
    if value in (None, ""):
        return ""
    if _content_lang_differs():
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    return conditional_escape(value)


@register.filter
def count_status(assessment, status: str) -> int:
    """How many RGAA criteria of the self-assessment have ``status`` (C, NC or NA)."""
    return assessment.count(status)


# --- {% fragment %}: parts of public pages rendered once per content version -------------


def _fragment_key_part(value) -> str:
    meta = getattr(value, "_meta", None)
    if meta is not None:  # a model instance: its table and primary key
        return f"{meta.label}:{value.pk}"
    return str(value)


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str, vary: list, timeless: bool = False):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.timeless = timeless

    def render(self, context) -> str:
        from concerto.core import pagecache

        key = ("fragment", self.name, *(_fragment_key_part(v.resolve(context)) for v in self.vary))
        return pagecache.fragment(
            key,
            lambda: self.nodelist.render(context),
            request=context.get("request"),
            timeless=self.timeless,
        )


@register.tag
def fragment(parser, token):
    """``{% fragment "name" obj … [timeless] %}…{% endfragment %}``: what is inside is
    rendered once per content version, language and values given
    (``concerto.core.pagecache.fragment``). Only for what is the same for every visitor and
    depends on nothing but those values, the public content and the time (bounded like
    cached pages; ``timeless``: not on the time at all)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    timeless = bits[-1] == "timeless"
    if timeless:
        bits = bits[:-1]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]], timeless)
