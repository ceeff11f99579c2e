"""The admin's forms for the follow-up of adopted items; services/implementation.py holds the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.images.widgets import AdminImageChooser

from .models import ConsultationPage, ImplementationUpdate


class UpdateForm(forms.ModelForm):
    class Meta:
        model = ImplementationUpdate
        fields = ["date", "stage", "percent", "text", "photo"]
        widgets = {
            "date": AdminDateInput,
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "photo": AdminImageChooser,
        }
        help_texts = {
            "percent": _("From 0 to 100; a done item is at 100."),
            "text": _("What happened, in a sentence or two, for the public: it is shown on the item's page."),
            "photo": _("Optional. Its description is read out as the photo's alternative text."),
        }


class DecisionFilterForm(forms.Form):
    """Every field is optional and anything it does not know is ignored: a list is never a 500."""

    consultation = forms.ModelChoiceField(
        label=_("Consultation"), required=False, queryset=ConsultationPage.objects.none(),
        empty_label=_("All"),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All")), ("none", _("No update yet")), *ImplementationUpdate.Stage.choices],
    )

    def __init__(self, data, *, decisions):
        super().__init__(data)
        self.fields["consultation"].queryset = ConsultationPage.objects.filter(
            pk__in=decisions.values("consultation_id")
        ).order_by("title")

    def filters(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        # A field that refused its value is left out of cleaned_data: that filter is not applied.
        return {name: value for name, value in self.cleaned_data.items() if value}


