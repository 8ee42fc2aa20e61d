from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "concerto.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from concerto.core import pagecache
        from concerto.core.models import SiteProfile
        from concerto.participation.models import ParticipantProfile

        from . import selectors
        from .models import Consultation, Document, Page, Theme

        # What public pages show: any change drops the cached pages and per-process copies.
        pagecache.watch(Consultation, Theme, Document, Page, ParticipantProfile, SiteProfile)
        pagecache.register_boundary(selectors.next_status_change)
