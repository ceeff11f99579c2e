"""The form of the admin's exports page: one per consultation, the format and, for those who may
name authors, whether to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportFile


class ExportRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=ExportFile.Format.choices, initial=ExportFile.Format.XLSX,
    )
    named = forms.BooleanField(
        label=_("with the proposals' authors' names and emails"), required=False,
        help_text=_("Otherwise participants appear only as pseudonyms. Named exports are logged as such."),
    )

    def __init__(self, *args, consultation, may_name, **kwargs):
        # A prefix per consultation: the page holds one form per consultation, each field's id unique.
        super().__init__(*args, prefix=f"export-{consultation.pk}", **kwargs)
        self.consultation = consultation
        if not may_name:
            del self.fields["named"]
