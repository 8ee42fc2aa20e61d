from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "concerto.publication"
    verbose_name = _("Publication des résultats")
    default_auto_field = "django.db.models.BigAutoField"
