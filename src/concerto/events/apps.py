from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "concerto.events"
    verbose_name = _("Webinaires et événements")
    default_auto_field = "django.db.models.BigAutoField"
