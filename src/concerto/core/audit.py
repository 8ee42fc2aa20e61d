"""The audit trail of staff acts: every staff action records one event, in its transaction."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent


def record(actor, action: str, target, **details: Any) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_repr=str(target)[:200],
        details=details,
    )


class AuditedAdminMixin:
    """A ModelAdmin whose saves and deletions, and those of its inlines, are audited.

    For content without rules of its own (consultations, themes, documents, pages), the
    admin's save is the action: this records who changed what, in the same transaction.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "change" if change else "create"
        record(
            request.user,
            f"{obj._meta.model_name}.{action}",
            obj,
            fields=sorted(form.changed_data),
        )

    def save_formset(self, request, form, formset, change):
        deleted = [obj for obj in getattr(formset, "deleted_objects", [])]
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request.user, f"{obj._meta.model_name}.create", obj)
        for obj, fields in formset.changed_objects:
            record(request.user, f"{obj._meta.model_name}.change", obj, fields=sorted(fields))
        for obj in deleted:
            record(request.user, f"{obj._meta.model_name}.delete", obj)

    def delete_model(self, request, obj):
        record(request.user, f"{obj._meta.model_name}.delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(request.user, f"{obj._meta.model_name}.delete", obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin:
    """Records written only by the actions (responses, the audit trail): staff read them,
    nobody adds, edits or deletes them from the back office."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
