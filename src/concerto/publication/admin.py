"""The back office's door to results publication: a list of themes and, per theme, the
pages of ``views`` (synthesis, figures, quotes, preview, publish), inside the admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse

from concerto.consultations.access import manages_any

from . import views
from .models import ThemeResults


@admin.register(ThemeResults)
class ThemeResultsAdmin(admin.ModelAdmin):
    """No admin forms: every change goes through ``actions`` from the pages of ``views``."""

    def has_module_permission(self, request):
        return manages_any(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return views.results_list(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        results = ThemeResults.objects.filter(pk=object_id).first()
        if results is None:
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(
            reverse("admin:publication_themeresults_edit", args=[results.theme_id])
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "theme/<int:theme_id>/", wrap(views.results_edit), name="{}_{}_edit".format(*info)
            ),
            path(
                "theme/<int:theme_id>/reponses/",
                wrap(views.answers),
                name="{}_{}_answers".format(*info),
            ),
            path(
                "theme/<int:theme_id>/apercu/",
                wrap(views.preview),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "theme/<int:theme_id>/citations/<int:quote_id>/",
                wrap(views.quote_edit),
                name="{}_{}_quote".format(*info),
            ),
            *super().get_urls(),
        ]
