from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "concerto.results"
    verbose_name = _("Résultats")
    default_auto_field = "django.db.models.BigAutoField"
