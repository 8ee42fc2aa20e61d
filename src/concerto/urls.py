from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from concerto.consultations import views as consultation_views
from concerto.core import views as core_views
from concerto.protection import views as protection_views

admin.site.site_header = _("Concerto — gestion")
admin.site.site_title = "Concerto"
admin.site.index_title = _("Administration de la plateforme")

urlpatterns = [
    path("sante/", core_views.health, name="health"),
]
# The language is the address's: French without prefix, English under /en/, whatever the
# browser prefers (the back office included: /admin/ is French).
urlpatterns += i18n_patterns(
    # Staff statistics (concerto.results), inside the back office until the workspace lands.
    path("admin/statistiques/", include("concerto.results.urls")),
    path(
        "admin/signaux/<int:questionnaire_id>/",
        admin.site.admin_view(protection_views.campaign_signals),
        name="protection_campaign_signals",
    ),
    path("admin/", admin.site.urls),
    path("", consultation_views.home, name="home"),
    path("", include("concerto.core.urls")),
    path("", include("concerto.consultations.urls")),
    path("", include("concerto.surveys.urls")),
    path("gestion/analyse/", include("concerto.freetext.urls")),
    path("gestion/", include("concerto.workspace.urls")),
    path("", include("concerto.publication.urls")),
    path("", include("concerto.decisions.urls")),
    path("", include("concerto.events.urls")),
    path("", include("concerto.following.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "concerto.core.views.bad_request"
handler403 = "concerto.core.views.permission_denied"
handler404 = "concerto.core.views.page_not_found"
handler500 = "concerto.core.views.server_error"
