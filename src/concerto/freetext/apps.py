from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreetextConfig(AppConfig):
    name = "concerto.freetext"
    verbose_name = _("Analyse des réponses libres")
    default_auto_field = "django.db.models.BigAutoField"
