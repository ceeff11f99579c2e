"""The form staff fill in at a facility's desk when a backer hands in cash or a cheque."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import cents_from_euros
from .services.pledges import euros


class DeskPledgeForm(forms.Form):
    backer_name = forms.CharField(
        label=_("Backer's name"), max_length=120,
        help_text=_("As the backer wants it written; shown on the campaign's page only if they agree."),
    )
    amount = forms.CharField(
        label=_("Amount (€)"), max_length=20, help_text=_("In euros, for instance 25 or 25,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    tier = forms.ModelChoiceField(
        label=_("Reward"), queryset=None, required=False, empty_label=_("No reward"),
    )
    public = forms.BooleanField(label=_("The backer agrees to be named on the campaign's page"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        tiers = list(campaign.reward_tiers.all()) if campaign.category == "rewards" else []
        if tiers:
            self.fields["tier"].queryset = campaign.reward_tiers.all()
            self.fields["tier"].label_from_instance = lambda tier: f"{tier.title} ({euros(tier.amount_cents)}\u00a0€)"
        else:
            del self.fields["tier"]

    def clean_backer_name(self):
        name = self.cleaned_data["backer_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the backer's name."), code="backer_name")
        return name

    def clean_amount(self):
        cents = cents_from_euros(self.cleaned_data["amount"])
        if cents is None or cents <= 0:
            raise forms.ValidationError(
                _("Enter an amount in euros greater than zero, with at most two decimals (for instance 25 or 25,50)."),
                code="amount",
            )
        return cents
