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
        # Other apps' content shown on these pages (results links, events, decisions): their
        # changes drop the cached pages too; an event's end moves it from upcoming to past.
        from django.apps import apps

        for label in (
            "publication.ThemeResults",
            "publication.Publication",
            "publication.PublishedFigure",
            "publication.PublishedQuote",
            "publication.PublishedAnalysis",
            "publication.PublishedTheme",
            "events.Event",
            "events.Registration",
            "decisions.Decision",
            "decisions.DecisionUpdate",
        ):
            try:
                pagecache.watch(apps.get_model(label))
            except LookupError:
                continue
        if apps.is_installed("concerto.events"):
            pagecache.register_boundary(_next_event_change)


def _next_event_change(now):
    """The next start or end of a published event (agenda: upcoming, then past)."""
    from concerto.core import pagecache
    from concerto.events.models import Event

    def moments():
        rows = Event.objects.filter(ends_at__gt=now).values_list("starts_at", "ends_at")
        return sorted({m for row in rows for m in row})

    for moment in pagecache.per_process("events.moments", moments):
        if moment > now:
            return moment
    return None
