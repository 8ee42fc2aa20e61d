from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "concerto.surveys"
    verbose_name = _("Enquêtes")

    def ready(self) -> None:
        from concerto.core import pagecache

        from .models import Questionnaire

        # Theme pages list the published questionnaires (answers change no public page).
        pagecache.watch(Questionnaire)
