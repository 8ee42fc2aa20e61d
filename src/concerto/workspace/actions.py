"""Writes of the workspace that are not the survey engine's: the teams.

The questionnaire builder writes through ``concerto.surveys.staff_actions`` only.
"""

from __future__ import annotations

from django.db import transaction

from concerto.core.audit import record

from .models import Membership, Role


@transaction.atomic
def add_member(*, consultation, user, role: str, actor) -> Membership:
    """Put ``user`` on the consultation's team in ``role`` (or change their role); audited."""
    role = Role(role)
    membership, created = Membership.objects.get_or_create(
        consultation=consultation, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    elif not created:
        return membership
    record(actor, "membership.set", consultation, user=user.pk, role=role.value)
    return membership


@transaction.atomic
def remove_member(*, consultation, user, actor) -> None:
    deleted, _ = Membership.objects.filter(consultation=consultation, user=user).delete()
    if deleted:
        record(actor, "membership.remove", consultation, user=user.pk)


@transaction.atomic
def set_theme_published(*, theme, published: bool, actor) -> None:
    """Publish a theme, or put it back in draft (visitors then see neither it nor its
    questionnaires); audited."""
    from concerto.consultations.models import Theme

    locked = Theme.objects.select_for_update().get(pk=theme.pk)
    if locked.is_published != published:
        locked.is_published = published
        locked.save(update_fields=["is_published"])
        record(actor, "theme.publish" if published else "theme.unpublish", locked)
    theme.is_published = published
