"""The amount a citizen considers investing in a business financing campaign."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import cents_from_euros


class InterestForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount you consider investing (€)"), max_length=20,
        help_text=_("In euros, for instance 500 or 1 500. Nothing is paid here."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean_amount(self):
        cents = cents_from_euros(self.cleaned_data["amount"])
        if cents is None or cents <= 0:
            raise forms.ValidationError(
                _("Enter an amount in euros greater than zero, with at most two decimals (for instance 500 or 500,50)."),
                code="amount",
            )
        return cents
