from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "concerto.workspace"
    verbose_name = _("Espace de travail des équipes")
    default_auto_field = "django.db.models.BigAutoField"
