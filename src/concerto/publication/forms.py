"""Forms of the staff pages: they only parse; the rules are in ``actions``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.consultations.models import MARKDOWN_HELP
from concerto.core.forms import MultiLineField, SingleLineField


class DraftForm(forms.Form):
    synthesis = MultiLineField(
        label=_("Synthèse"),
        required=False,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )
    figures = forms.MultipleChoiceField(
        label=_("Chiffres publiés"), required=False, widget=forms.CheckboxSelectMultiple
    )
    quotes = forms.TypedMultipleChoiceField(
        label=_("Citations retenues"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, figure_choices=(), quote_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figures"].choices = figure_choices
        self.fields["quotes"].choices = quote_choices


class PublishForm(forms.Form):
    early = forms.BooleanField(
        label=_("Publier avant la clôture"),
        required=False,
        help_text=_(
            "Par défaut, les résultats d’une thématique ne sont publiés qu’après sa clôture."
        ),
    )


class CorrectForm(forms.Form):
    note = SingleLineField(
        label=_("Objet de la correction"),
        max_length=500,
        help_text=_("Affiché publiquement avec la date de la correction."),
    )


class QuoteForm(forms.Form):
    text = MultiLineField(
        label=_("Texte affiché"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "Vous pouvez seulement retirer des mots (un nom, un lieu, une organisation…), "
            "en les remplaçant au besoin par « […] »."
        ),
    )


class AnswerSearchForm(forms.Form):
    q = SingleLineField(label=_("Rechercher"), required=False, max_length=200)
    question = forms.TypedChoiceField(
        label=_("Question"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, question_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [
            ("", _("Toutes les questions citables")),
            *list(question_choices),
        ]
