from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig, DsfrSocialMedia

from .models import SiteProfile

# The site's identity lives in SiteProfile; django-dsfr's own configuration is unused.
for model in (DsfrConfig, DsfrSocialMedia):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
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
        (
            _("Accessibilité"),
            {
                "fields": [
                    "accessibility_status",
                    "statement_date",
                    "accessibility_audit_date",
                    "accessibility_audit_rate",
                    "accessibility_auditor",
                    "accessibility_non_compliant",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
