from django.contrib import admin

from concerto.core.audit import AuditedAdminMixin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Administrators put staff on consultation teams (the role given by
    ``core.roles.ADMINISTRATOR`` holds this model's permissions; managers do not)."""

    list_display = ["user", "consultation", "role", "created_at"]
    list_filter = ["consultation", "role"]
    list_select_related = ["user", "consultation"]
    search_fields = ["user__username", "user__email", "user__last_name", "consultation__title"]
    autocomplete_fields = []
    fields = ["consultation", "user", "role"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
