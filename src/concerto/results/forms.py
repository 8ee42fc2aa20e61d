from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.surveys.departements import DEPARTEMENTS

from .statistics import Filters

NO_PROFILE = "aucun"


class StatisticsFilterForm(forms.Form):
    """Which responses the statistics count: by profile at submission and by département."""

    profil = forms.MultipleChoiceField(
        label=_("Profils"), required=False, widget=forms.CheckboxSelectMultiple
    )
    departement = forms.MultipleChoiceField(
        label=_("Départements"),
        required=False,
        choices=DEPARTEMENTS,
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    campagnes = forms.BooleanField(
        label=_("Compter chaque campagne une fois"),
        required=False,
        help_text=_(
            "Thèmes des réponses libres : des réponses identiques ou presque (copier-coller, "
            "pétitions) comptent pour une seule, avec leur nombre de signatures."
        ),
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profil"].choices = [(str(pk), label) for pk, label in profiles] + [
            (NO_PROFILE, _("Profil non renseigné"))
        ]
        self.fields["departement"].widget.attrs["size"] = 6

    def filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            return Filters()
        return Filters(
            profiles=tuple(
                None if value == NO_PROFILE else int(value) for value in self.cleaned_data["profil"]
            ),
            departements=tuple(self.cleaned_data["departement"]),
        )

    def campaigns_once(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data["campagnes"])


class TextSearchForm(forms.Form):
    question = forms.ChoiceField(label=_("Question"))
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200, strip=True)
    profil = forms.ChoiceField(label=_("Profil"), required=False)
    campagnes = forms.BooleanField(
        label=_("Compter chaque campagne une fois"),
        required=False,
        help_text=_(
            "Pour les thèmes : des réponses identiques ou presque comptent pour une seule, "
            "avec leur nombre de signatures."
        ),
    )

    def __init__(self, *args, questions, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = questions
        self.fields["profil"].choices = (
            [("", _("Tous les profils"))]
            + [(str(pk), label) for pk, label in profiles]
            + [(NO_PROFILE, _("Profil non renseigné"))]
        )

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")
