"""The workspace's forms: they parse and validate what staff type; the survey engine's staff
actions make the changes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concerto.core.forms import MultiLineField, SingleLineField
from concerto.surveys import engine
from concerto.surveys.models import Question

from .files import MAX_FILE_BYTES


def kind_choices():
    return [(name, gettext(k.label)) for name, k in engine.KINDS.items()]


class QuestionnaireForm(forms.Form):
    title = SingleLineField(label=_("Titre de l’enquête"), max_length=200)
    introduction = MultiLineField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Affichée aux participants avant la première question."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Durée estimée (minutes)"), min_value=1, max_value=240, initial=10
    )


class NewQuestionnaireForm(forms.Form):
    title = SingleLineField(label=_("Titre de la nouvelle enquête"), max_length=200)


class SectionForm(forms.Form):
    title = SingleLineField(label=_("Titre de la section"), max_length=200)
    description = MultiLineField(
        label=_("Description (facultative)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NewQuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de question"),
        error_messages={"invalid_choice": _("Ce type de question n’existe pas.")},
    )
    label = MultiLineField(
        label=_("Libellé de la question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Les champs propres au type choisi s’affichent ensuite."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


QUESTION_FIELD_LABELS = {
    "help_text": _("Aide (facultative)"),
    "required": _("Réponse obligatoire"),
    "max_length": _("Nombre maximal de caractères"),
    "min_choices": _("Nombre minimal de cases cochées"),
    "max_choices": _("Nombre maximal de cases cochées"),
    "min_value": _("Valeur minimale"),
    "max_value": _("Valeur maximale"),
    "has_other": _("Proposer « Autre (précisez) » suivi d’un champ texte"),
}


class QuestionForm(forms.ModelForm):
    """A question's fields, only those its kind uses (the kinds registry says which)."""

    label = MultiLineField(
        label=_("Libellé"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = MultiLineField(
        label=QUESTION_FIELD_LABELS["help_text"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Question
        fields = ["kind", "code", "label", *QUESTION_FIELD_LABELS]

    def __init__(self, *args, answered: bool = False, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered = answered
        kind_name = kind or self.instance.kind
        definition = engine.kind(kind_name)
        self.kind_def = definition
        wanted = {"kind", "code", "label", *definition.builder_fields}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.fields["kind"].choices = kind_choices()
        self.fields["kind"].label = _("Type de question")
        self.fields["kind"].help_text = _(
            "Changer de type affiche les champs du nouveau type après l’enregistrement."
        )
        self.fields["code"].label = _("Code (colonne des exports)")
        for name, label in QUESTION_FIELD_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label
        for name in ("max_length", "min_choices", "max_choices"):
            if name in self.fields:
                self.fields[name].min_value = 1
                self.fields[name].widget.attrs["min"] = 1
        if "max_length" in self.fields and hasattr(definition, "default_max_length"):
            self.fields["max_length"].help_text = _("%(n)s par défaut.") % {
                "n": definition.default_max_length
            }
        if answered:
            # An answered question keeps its kind: its stored answers are read through it.
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        for low, high in (("min_choices", "max_choices"), ("min_value", "max_value")):
            a, b = cleaned.get(low), cleaned.get(high)
            if a is not None and b is not None and a > b:
                self.add_error(high, _("Le maximum doit être au moins égal au minimum."))
        return cleaned


class ConditionForm(forms.Form):
    depends_on = forms.IntegerField(
        label=_("Selon la réponse à"),
        error_messages={"invalid": _("Choisissez une question de la liste.")},
    )
    operator = forms.ChoiceField(
        label=_("Condition"),
        choices=[],
        error_messages={"invalid_choice": _("Choisissez une condition proposée.")},
    )
    values = forms.MultipleChoiceField(
        label=_("Réponses"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, operators=(), values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = list(operators)
        self.fields["values"].choices = list(values)
        self.fields["values"].error_messages["invalid_choice"] = _(
            "Une des réponses cochées n’est pas une réponse possible à cette question."
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_(
            "Une enquête exportée de Concerto (.json) ou une structure d’enquête LimeSurvey "
            "(.lss). %(size)s Ko au plus."
        )
        % {"size": MAX_FILE_BYTES // 1024},
        error_messages={
            "required": _("Choisissez un fichier."),
            "empty": _("Ce fichier est vide."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Ce fichier pèse %(size)s Ko ; la taille maximale est de %(limit)s Ko.")
                % {"size": upload.size // 1024, "limit": MAX_FILE_BYTES // 1024}
            )
        return upload
