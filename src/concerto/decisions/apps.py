from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "concerto.decisions"
    verbose_name = _("Décisions et feuille de route")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from concerto.core import pagecache

        from .models import Decision, DecisionUpdate, Evidence

        # The roadmap, decision and results pages show them: a change drops cached pages.
        pagecache.watch(Decision, DecisionUpdate, Evidence)
