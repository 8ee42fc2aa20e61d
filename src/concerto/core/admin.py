from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig, DsfrSocialMedia

from .audit import AuditedAdminMixin, ReadOnlyAdminMixin
from .models import AuditEvent, SiteProfile

# The site's identity lives in SiteProfile; django-dsfr's own configuration is unused.
for model in (DsfrConfig, DsfrSocialMedia):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SiteProfile)
class SiteProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["site_title", "site_tagline", "brand_html"]}),
        (
            _("Mentions légales"),
            {
                "fields": [
                    "publisher",
                    "publisher_address",
                    "publication_director",
                    "host",
                    "contact_email",
                    "dpo_contact",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the trail is written by the actions, and nobody edits it."""

    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "action"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "details",
    ]
