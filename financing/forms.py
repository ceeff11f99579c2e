import re
import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RewardTier
from .services.pledges import euros

# « 25 », « 25,50 », « 25.5 », « 1 000 » or « 25 € »: whole euros and at most two decimals.
AMOUNT = re.compile(r"^\d{1,9}(?:[.,]\d{1,2})?$")


def cents_from_euros(text):
    """The amount a person typed, in whole cents, or None when it is not one."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").removesuffix("€").replace("EUR", "")
    if not AMOUNT.match(cleaned):
        return None
    return int(Decimal(cleaned.replace(",", ".")) * 100)


class PledgeForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount (€)"), max_length=20,
        help_text=_("In euros, for instance 25 or 25,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    tier = forms.ModelChoiceField(
        label=_("Reward"), queryset=RewardTier.objects.none(), required=False, empty_label=_("No reward"),
        help_text=_(
            "If you choose a reward, your name and email address are given to the holder to deliver it, "
            "and for nothing else."
        ),
    )
    public = forms.BooleanField(label=_("Show my name among the backers"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        tiers = campaign.reward_tiers.all()
        if campaign.category == "rewards" and tiers:
            self.fields["tier"].queryset = tiers
            self.fields["tier"].label_from_instance = lambda tier: f"{tier.title} ({euros(tier.amount_cents)}\u00a0€)"
        else:
            del self.fields["tier"]

    def clean_amount(self):
        cents = cents_from_euros(self.cleaned_data["amount"])
        if cents is None or cents <= 0:
            raise forms.ValidationError(
                _("Enter an amount in euros greater than zero, with at most two decimals (for instance 25 or 25,50)."),
                code="amount",
            )
        return cents
