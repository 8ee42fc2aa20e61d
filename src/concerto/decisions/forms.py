from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.core.forms import MultiLineField

from . import actions
from .models import Decision, DecisionStatus, Evidence, EvidenceKind


class RoadmapFilterForm(forms.Form):
    """The roadmap's filters, sent by GET: the page works the same without JavaScript."""

    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *DecisionStatus.choices],
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = [
            ("", _("Toutes les thématiques")),
            *((theme.slug, theme.title) for theme in themes),
        ]
        for bound in self:
            bound.field.widget.attrs["class"] = "fr-select"


class ProgressImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Séparateur « ; » ou « , », encodage UTF-8 (« CSV UTF-8 » dans un tableur)."),
    )


class DecisionAdminForm(forms.ModelForm):
    """The back office's form: the decision, and for a change of status or progress the
    comment and date of the timeline entry it makes (saved by ``actions.save_decision``)."""

    update_note = MultiLineField(
        label=_("Commentaire de mise à jour"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Affiché dans l’historique public quand le statut ou l’avancement change "
            "(ou seul, pour donner des nouvelles)."
        ),
    )
    update_date = forms.DateField(
        label=_("Date de la mise à jour"),
        required=False,
        help_text=_("Aujourd’hui si vide."),
    )

    class Meta:
        model = Decision
        fields = [
            "consultation",
            "title",
            "description",
            "themes",
            "service",
            "is_published",
            "order",
            "status",
            "progress",
            "status_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            self.fields["themes"].error_messages["required"] = actions.NO_THEME

    def clean(self):
        cleaned = super().clean()
        errors = {}
        consultation, themes = cleaned.get("consultation"), cleaned.get("themes")
        if consultation is not None and themes is not None:
            try:
                actions.check_themes(consultation, themes)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if "status" in cleaned and "progress" in cleaned:
            try:
                actions.check_progress(
                    status=cleaned["status"],
                    progress=cleaned["progress"],
                    status_reason=cleaned.get("status_reason", ""),
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
        date = cleaned.get("update_date")
        if date and date > timezone.localdate():
            errors["update_date"] = [_("La date d’une mise à jour ne peut pas être à venir.")]
        if errors:
            raise ValidationError(errors)
        return cleaned


class EvidenceAdminForm(forms.ModelForm):
    """A question (and optionally one of its figures), a quote, or a theme of the answers
    to an open question: the kind follows."""

    class Meta:
        model = Evidence
        fields = ["question", "figure_key", "quote", "free_text_theme", "note", "order"]

    def clean(self):
        cleaned = super().clean()
        chosen = [
            cleaned.get("question") is not None or bool(cleaned.get("figure_key")),
            cleaned.get("quote") is not None,
            cleaned.get("free_text_theme") is not None,
        ]
        if sum(chosen) > 1:
            raise ValidationError(
                _(
                    "Un élément est soit une question (et son chiffre), soit une citation, "
                    "soit un thème des réponses libres : choisissez-en un seul."
                )
            )
        if cleaned.get("free_text_theme") is not None:
            self.instance.kind = EvidenceKind.FREE_TEXT_THEME
        elif cleaned.get("quote") is not None:
            self.instance.kind = EvidenceKind.QUOTE
        else:
            self.instance.kind = EvidenceKind.FIGURE
        return cleaned
