"""Who takes part: the profiles a consultation invites, and the participants themselves.

Participants have no account. Each has a private token (their key to their answers, sent by
e-mail when they give an address, shown to them otherwise) and says once per consultation
who they are (a profile, an organisation when the profile is one, an optional département).
Their e-mail address is kept only as long as the consultation states, then erased
(``actions.purge_expired_personal_data``).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from concerto.protection.challenge import ChallengeOutcome


class EmailPolicy(models.TextChoices):
    NONE = "none", _("Pas d’adresse électronique demandée")
    OPTIONAL = "optional", _("Facultative")
    REQUIRED = "required", _("Obligatoire")
    VERIFIED = "verified", _("Obligatoire et vérifiée avant de répondre")


class ParticipantProfile(models.Model):
    """A kind of participant the consultation invites (and asks about)."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="profiles",
        verbose_name=_("consultation"),
    )
    label = models.CharField(_("libellé"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_organisation = models.BooleanField(
        _("représente une organisation"),
        default=False,
        help_text=_("Si coché, le nom de l’organisation est demandé au participant."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("profil de participant")
        verbose_name_plural = _("profils de participant")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "label"],
                name="unique_profile_label",
                violation_error_message=_("Ce profil existe déjà pour cette consultation."),
            )
        ]

    def __str__(self) -> str:
        return self.label


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """Someone taking part in a consultation, with or without an account.

    The resume token is the participant's private key to their answers: it is sent by
    e-mail when they give one, and shown to them otherwise.
    """

    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("consultation"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Set by the profile form that created the participant, so that posting it twice (a
    # double click) finds the first participant instead of creating a second one.
    creation_key = models.CharField(  # noqa: DJ001 - unique only when set
        max_length=64, unique=True, null=True, editable=False
    )
    profile = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("profil"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # How this participant passed the anti-robot check on their first write. « flagged »:
    # without JavaScript, let in by the consultation's fallback; results can count them apart
    # (``Response.objects.exclude(participant__challenge=ChallengeOutcome.FLAGGED)``).
    challenge = models.CharField(
        _("vérification anti-robot"),
        max_length=10,
        choices=ChallengeOutcome.choices,
        default=ChallengeOutcome.NONE,
        blank=True,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"Participant {self.pk}"
