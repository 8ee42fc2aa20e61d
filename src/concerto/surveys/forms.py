from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from concerto.participation.models import EmailPolicy
from concerto.protection.challenge import ChallengeFormMixin
from concerto.surveys.engine import clean_text

from .departements import DEPARTEMENTS


class ProfileForm(ChallengeFormMixin, forms.Form):
    """Who the participant is: asked once per consultation, reused for every theme.

    The participant's first write: it carries the anti-robot challenge (``challenge=True``
    when it creates the participant) and a honeypot."""

    profile = forms.TypedChoiceField(
        label=_("Vous répondez en tant que"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Indiquez à quel titre vous répondez."),
            "invalid_choice": _("Ce profil n’existe pas. Choisissez un des profils proposés."),
        },
    )
    organisation_name = forms.CharField(
        label=_("Nom de votre organisation"),
        max_length=200,
        required=False,
        help_text=_("Seulement si vous répondez au nom d’une organisation."),
    )
    departement = forms.ChoiceField(
        label=_("Votre département (facultatif)"),
        required=False,
        choices=[("", _("Sélectionner un département"))]
        + [(code, format_lazy("{} – {}", code, name)) for code, name in DEPARTEMENTS],
        help_text=_("Il sert seulement à présenter les résultats par territoire."),
        error_messages={"invalid_choice": _("Ce département n’existe pas.")},
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, au format nom@domaine.fr.")
        },
    )

    # A random key the form carries from its first display: posting it twice (a double
    # click) reaches the participant created by the first post.
    cle = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, profiles, email_policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {p.pk: p for p in profiles}
        self.fields["profile"].choices = [(p.pk, p.label) for p in profiles]
        self.email_policy = email_policy
        if email_policy == EmailPolicy.NONE:
            del self.fields["email"]
        else:
            required = email_policy in (EmailPolicy.REQUIRED, EmailPolicy.VERIFIED)
            self.fields["email"].required = required
            self.fields["email"].help_text = (
                _(
                    "Obligatoire pour cette enquête : elle sert à vous envoyer votre lien de reprise "
                    "et l’accusé de réception de vos réponses, jamais à autre chose."
                )
                if required
                else _(
                    "Facultative : si vous la donnez, vous recevrez votre lien de reprise et "
                    "l’accusé de réception de vos réponses. Elle ne sert à rien d’autre."
                )
            )
            self.fields["email"].error_messages["required"] = _(
                "Indiquez votre adresse électronique : cette enquête la demande."
            )

    def clean(self):
        data = super().clean()
        profile = self.profiles.get(data.get("profile"))
        if profile and profile.is_organisation and not data.get("organisation_name", "").strip():
            self.add_error(
                "organisation_name",
                _("Indiquez le nom de l’organisation au nom de laquelle vous répondez."),
            )
        data["profile_obj"] = profile
        data["organisation_name"] = clean_text(data.get("organisation_name", ""), multiline=False)
        data["cle"] = clean_text(data.get("cle", ""), multiline=False)
        return data
