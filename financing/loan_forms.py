from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Repaid on"), help_text=_("The day the lenders were paid, for instance 15/03/2027."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("paid_on", timezone.localdate())
        super().__init__(*args, **kwargs)
