"""The main menu: it follows the consultation being read.

On a page of a consultation (its address carries the consultation's ``slug``, or the view
sets ``request.consultation_slug``), the menu lists that consultation's parts; elsewhere
those of the featured consultation (the home page). The list of every consultation is in
the menu of every page. Other apps add their part of a consultation (results, agenda…)
with ``register_menu_items``. Built without a query: from the per-process public content,
per language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from concerto.core import pagecache

from .selectors import ConsultationContent, public_content

# provider(content) -> [{"label": str, "url": str}], called once per process, consultation,
# language and content version (keep it cheap; it may read its own models).
_providers: list[tuple[int, Callable[[ConsultationContent], list[dict]]]] = []


def register_menu_items(provider: Callable[[ConsultationContent], list[dict]], order: int = 50):
    """Add a consultation's menu entries after « Documents » (e.g. « Résultats », « Agenda »)."""
    if all(p is not provider for _o, p in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def _items(content: ConsultationContent, featured: bool) -> list[dict]:
    slug = content.slug
    items = []
    if not featured:
        items.append(
            {
                "label": content.consultation.title,
                "url": content.consultation.get_absolute_url(),
                "content": True,
            }
        )
    items += [
        {"label": _("Thématiques"), "url": reverse("consultations:themes", args=[slug])},
        {"label": _("Documents"), "url": reverse("consultations:documents", args=[slug])},
    ]
    for _order, provider in _providers:
        items += provider(content)
    items += [
        {"label": page.title, "url": page.get_absolute_url(), "content": True}
        for page in content.menu_pages
    ]
    items.append({"label": _("Toutes les consultations"), "url": reverse("consultations:list")})
    return items


def current_content(request) -> ConsultationContent | None:
    """The consultation the page belongs to, else the featured one."""
    public = public_content()
    slug = getattr(request, "consultation_slug", None)
    if slug is None and request.resolver_match is not None:
        slug = request.resolver_match.kwargs.get("slug")
    return public.by_slug.get(slug) or public.featured


def main_nav(request) -> list[dict]:
    content = current_content(request)
    if content is None:
        return [{"label": _("Toutes les consultations"), "url": reverse("consultations:list")}]
    featured = content is public_content().featured
    key = ("consultations.menu", content.slug, featured, translation.get_language())
    return pagecache.per_process(key, lambda: _items(content, featured))


def navigation(request):
    """The main menu, built only when a template renders it."""
    return {"main_nav": SimpleLazyObject(lambda: main_nav(request))}
