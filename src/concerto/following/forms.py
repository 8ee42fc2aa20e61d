from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SubscriptionKind


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _(
                "L’adresse électronique n’est pas valide : elle doit avoir la forme nom@domaine.fr."
            ),
        },
    )
    # What the page offered: a page kept in a cache or a tab posted after the theme
    # opened is refused with a message, never turned into another subscription.
    kind = forms.ChoiceField(choices=SubscriptionKind.choices, widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    subscriptions = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subscriptions"].choices = [(s.pk, str(s.pk)) for s in pending]
        self.fields["subscriptions"].error_messages["required"] = _(
            "Cette demande n’attend plus de confirmation."
        )
