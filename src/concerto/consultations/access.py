"""Who may act on a consultation from the staff side: the one place for these rules.

Every staff page, action and export that concerns one consultation asks here, never
``user.is_staff`` or a model permission directly, so that consultation teams (managers and
analysts of their own consultations only) narrow every door at once.

Today a staff member with the model permission acts on every consultation; teams come with
the consultation team's workspace.
"""

from __future__ import annotations

from .models import Consultation


def _staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def managed_consultations(user):
    """The consultations this user may manage (build, publish, decide)."""
    if _staff(user) and user.has_perm("consultations.change_consultation"):
        return Consultation.objects.all()
    return Consultation.objects.none()


def can_manage(user, consultation: Consultation) -> bool:
    """Build its questionnaires, publish its results, record its decisions."""
    return _staff(user) and user.has_perm("consultations.change_consultation")


def can_analyse(user, consultation: Consultation) -> bool:
    """Read its answers, statistics and analyses (managers and analysts); never publish."""
    return _staff(user) and (
        user.has_perm("surveys.view_questionnaire") or user.has_perm("surveys.change_questionnaire")
    )
