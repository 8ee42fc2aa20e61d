"""The registration form: what a visitor types, cleaned before the action sees it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.core.forms import MultiLineField, SingleLineField
from concerto.protection.challenge import ChallengeFormMixin


class RegistrationForm(ChallengeFormMixin, forms.Form):
    """The challenge (proof of work, honeypot, the consultation's fallback without JavaScript)
    keeps scripts from filling an event or flooding addresses with confirmation requests."""

    name = SingleLineField(
        label=_("Nom et prénom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_(
            "Un lien vous y est envoyé pour confirmer votre inscription. Format attendu : nom@domaine.fr"
        ),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Indiquez une adresse électronique valide, par exemple nom@domaine.fr."),
        },
    )
    profile = forms.ModelChoiceField(
        label=_("Vous êtes"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Choisissez le profil qui vous correspond."),
            "invalid_choice": _("Choisissez le profil qui vous correspond."),
        },
    )
    organisation_name = SingleLineField(
        label=_("Organisation (facultatif)"), max_length=200, required=False
    )
    accessibility_need = MultiLineField(
        label=_("Besoin d’aménagement pour suivre l’événement (facultatif)"),
        help_text=_(
            "Par exemple : sous-titrage, interprétation en LSF, accès en fauteuil roulant."
        ),
        max_length=1000,
        required=False,
    )
    questions = MultiLineField(
        label=_("Vos questions à l’avance (facultatif)"),
        help_text=_("Elles seront transmises aux intervenants et lues avec les contributions."),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args, consultation, **kwargs):
        kwargs.setdefault("fallback", consultation.challenge_fallback)
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = consultation.profiles.all()
        self.fields["profile"].label_from_instance = lambda profile: profile.label
