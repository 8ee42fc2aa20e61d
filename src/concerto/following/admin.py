"""Staff see how many people follow each theme and consultation, never their addresses.

Hosted in the admin (the workspace will take it over): the « Abonnements » entry opens the
counts of every consultation the user manages (``concerto.consultations.access``).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from concerto.consultations import access
from concerto.consultations.models import Consultation

from .models import Subscription
from .selectors import following_counts


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """No list of addresses: the changelist is the page of counts."""

    def has_module_permission(self, request):
        return access.manages_any(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.counts_view),
                name="{}_{}_changelist".format(*info),
            ),
            path(
                "consultation/<int:consultation_id>/",
                self.admin_site.admin_view(self.consultation_view),
                name="{}_{}_consultation".format(*info),
            ),
        ]

    def _render(self, request, entries, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "entries": entries,
        }
        response = TemplateResponse(request, "following/admin_counts.html", context)
        add_never_cache_headers(response)
        return response

    def counts_view(self, request):
        consultations = access.managed_consultations(request.user)
        if not consultations.exists():
            raise PermissionDenied
        return self._render(
            request, following_counts(consultations.order_by("title")), _("Abonnements")
        )

    def consultation_view(self, request, consultation_id: int):
        consultation = get_object_or_404(Consultation, pk=consultation_id)
        if not access.can_manage(request.user, consultation):
            raise PermissionDenied
        return self._render(
            request,
            following_counts([consultation]),
            _("Abonnements — %(title)s") % {"title": consultation.title},
        )
