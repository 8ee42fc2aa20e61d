from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "concerto.events"
    verbose_name = _("Webinaires et événements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The consultations app watches Event and Registration for the page cache and knows
        # when an event starts or ends; the agenda takes its place in the consultation's menu.
        from concerto.consultations.context_processors import register_menu_items

        register_menu_items(agenda_menu_item, order=40)


def agenda_menu_item(content) -> list[dict]:
    """« Webinaires » in every consultation's menu (no query: the menu is built from the
    per-process public content; a consultation without events says so on its agenda)."""
    from django.urls import reverse

    return [{"label": _("Webinaires"), "url": reverse("events:agenda", args=[content.slug])}]
