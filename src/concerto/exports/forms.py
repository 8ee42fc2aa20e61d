from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportFormat


class ExportRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportFormat.choices,
        initial=ExportFormat.CSV,
        widget=forms.RadioSelect,
    )
