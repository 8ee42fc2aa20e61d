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
