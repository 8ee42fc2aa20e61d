"""The analysts' forms: they parse what was sent and say in French what is wrong with it.

They hold no rule of the analysis (that is ``actions``): an action's refusal
(``ValidationError``) is put back on the form by ``add_refusal`` and shown like any other
error, so that nothing typed is lost.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .actions import THEMES_BOUNDS
from .models import ValidatedTheme

MIN_THEMES, MAX_THEMES = THEMES_BOUNDS


class DiscoveryForm(forms.Form):
    min_themes = forms.IntegerField(
        label=_("Nombre minimal de thèmes"),
        min_value=MIN_THEMES,
        max_value=MAX_THEMES,
        error_messages={
            "required": _("Indiquez un nombre minimal de thèmes."),
            "invalid": _("Indiquez un nombre entier."),
        },
    )
    max_themes = forms.IntegerField(
        label=_("Nombre maximal de thèmes"),
        min_value=MIN_THEMES,
        max_value=MAX_THEMES,
        error_messages={
            "required": _("Indiquez un nombre maximal de thèmes."),
            "invalid": _("Indiquez un nombre entier."),
        },
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_themes"), data.get("max_themes")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_themes",
                _("Le nombre maximal de thèmes doit être au moins égal au nombre minimal."),
            )
        return data


class CandidatesForm(forms.Form):
    """The machine's proposals the analyst keeps (``choices``: those not yet validated)."""

    candidates = forms.TypedMultipleChoiceField(
        label=_("Thèmes proposés à valider"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins un thème proposé à valider."),
            "invalid_choice": _("Ce thème proposé n’existe plus ou est déjà validé."),
        },
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(c.pk, c.label) for c in candidates]


class ThemeForm(forms.Form):
    """A theme written or renamed by hand."""

    label = forms.CharField(
        label=_("Libellé"),
        max_length=ValidatedTheme._meta.get_field("label").max_length,
        error_messages={"required": _("Donnez un libellé au thème.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que ce thème recouvre : elle guide aussi le codage automatique."),
    )


class AnswersForm(forms.Form):
    """Answers of a theme, chosen by their boxes, moved to another theme or to a new one."""

    answers = forms.TypedMultipleChoiceField(
        label=_("Réponses choisies"),
        coerce=int,
        error_messages={
            "required": _("Cochez au moins une réponse."),
            "invalid_choice": _(
                "Une réponse choisie n’est plus dans ce thème : rechargez la page."
            ),
        },
    )
    to_theme = forms.TypedChoiceField(
        label=_("Déplacer vers…"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Ce thème n’existe plus : rechargez la page.")},
    )
    label = forms.CharField(
        label=_("Libellé du nouveau thème"),
        required=False,
        max_length=ValidatedTheme._meta.get_field("label").max_length,
    )

    MOVE = "deplacer"
    SPLIT = "scinder"

    def __init__(self, *args, answer_ids=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [(pk, str(pk)) for pk in answer_ids]
        self.fields["to_theme"].choices = [("", _("— Choisir un thème —"))] + [
            (t.pk, t.label) for t in themes
        ]

    def clean(self):
        data = super().clean()
        operation = self.data.get("operation")
        to_theme, label = data.get("to_theme"), data.get("label")
        # Enter in the new theme's label submits the form with its first button (« Déplacer »):
        # a label with no destination chosen can only mean a new theme.
        if operation != self.SPLIT and to_theme is None and label:
            operation = self.SPLIT
        if operation == self.SPLIT:
            if not label and "label" not in self.errors:
                self.add_error("label", _("Donnez un libellé au nouveau thème."))
        elif to_theme is None and "to_theme" not in self.errors:
            self.add_error("to_theme", _("Choisissez le thème vers lequel déplacer les réponses."))
        data["operation"] = self.SPLIT if operation == self.SPLIT else self.MOVE
        return data


class MergeForm(forms.Form):
    sources = forms.TypedMultipleChoiceField(
        label=_("Thèmes à fusionner dans celui-ci"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leurs réponses rejoignent ce thème, puis ils sont supprimés."),
        error_messages={
            "required": _("Cochez au moins un thème à fusionner dans celui-ci."),
            "invalid_choice": _("Ce thème n’existe plus : rechargez la page."),
        },
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(t.pk, t.label) for t in themes]


class CodingForm(forms.Form):
    """One answer coded by hand: the boxes ticked, none meaning « aucun de ces thèmes »."""

    answer = forms.IntegerField(
        label=_("Réponse"),
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("La réponse à coder manque : rechargez la page."),
            "invalid": _("La réponse à coder manque : rechargez la page."),
            "min_value": _("La réponse à coder manque : rechargez la page."),
            "max_value": _("La réponse à coder manque : rechargez la page."),
        },
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Thèmes de cette réponse"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne cochez rien si la réponse ne relève d’aucun de ces thèmes."),
        error_messages={"invalid_choice": _("Ce thème n’existe plus : rechargez la page.")},
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.pk, t.label) for t in themes]

    def clean(self):
        # The answer is a hidden field: its error is the form's, not a field to go to.
        errors = self._errors.pop("answer", None)
        if errors:
            self.add_error(None, errors)
        return super().clean()


def add_refusal(form: forms.Form, error: ValidationError, *, field: str | None = None) -> None:
    """An action's refusal shown on the form: on its fields when it names them, else on
    ``field`` (or the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)
