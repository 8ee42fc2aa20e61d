"""Consultation teams: who works on which consultation, and in which role.

A staff member acts on a consultation only as a member of its team (administrators act on
every one); ``concerto.consultations.access`` reads these rows, every staff door asks it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Moderators (issue 10) come later: a role added here, and its rules in ``access``.
    MANAGER = "manager", _("Gestionnaire")
    ANALYST = "analyst", _("Analyste")


class Membership(models.Model):
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("consultation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_memberships",
        verbose_name=_("agent"),
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.MANAGER)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre de l’équipe")
        verbose_name_plural = _("membres de l’équipe")
        ordering = ["consultation", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                name="one_membership_per_consultation",
                violation_error_message=_("Cet agent fait déjà partie de cette équipe."),
            )
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_by_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.consultation}"
