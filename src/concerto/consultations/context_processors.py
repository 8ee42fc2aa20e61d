from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .selectors import featured_consultation, menu_pages


def _main_nav() -> list[dict]:
    consultation = featured_consultation()
    if consultation is None:
        return []
    items = [
        {
            "label": _("Thématiques"),
            "url": reverse("consultations:themes", args=[consultation.slug]),
        },
        {
            "label": _("Documents"),
            "url": reverse("consultations:documents", args=[consultation.slug]),
        },
    ]
    items += [
        {"label": page.title, "url": page.get_absolute_url(), "content": True}
        for page in menu_pages(consultation)
    ]
    return items


def navigation(request):
    """The main menu, built only when a template renders it."""
    return {"main_nav": SimpleLazyObject(_main_nav)}
