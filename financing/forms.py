import re
import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from .models import CampaignUpdate, RewardTier
from .reads import tiers_left
from .services.pledges import euros

# « 25 », « 25,50 », « 25.5 », « 1 000 » or « 25 € »: whole euros and at most two decimals.
AMOUNT = re.compile(r"^\d{1,9}(?:[.,]\d{1,2})?$")


def cents_from_euros(text):
    """The amount a person typed, in whole cents, or None when it is not one."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").removesuffix("€").replace("EUR", "")
    if not AMOUNT.match(cleaned):
        return None
    return int(Decimal(cleaned.replace(",", ".")) * 100)


class TierSelect(forms.Select):
    """A sold-out reward stays in the list, marked and disabled: the backer sees it and why it
    cannot be chosen, instead of learning it on sending the form."""

    sold_out = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if getattr(value, "value", value) in self.sold_out:
            option["attrs"]["disabled"] = True
        return option


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
        widget=TierSelect,
    )
    public = forms.BooleanField(label=_("Show my name among the backers"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        tiers = tiers_left(campaign) if campaign.category == "rewards" else []
        if tiers:
            sold_out = frozenset(tier.pk for tier, left in tiers if left == 0)
            field = self.fields["tier"]
            field.queryset = campaign.reward_tiers.all()
            field.widget.sold_out = sold_out
            field.label_from_instance = lambda tier: "{title} ({amount}\u00a0€){sold_out}".format(
                title=tier.title, amount=euros(tier.amount_cents),
                sold_out=f" — {gettext('sold out')}" if tier.pk in sold_out else "",
            )
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


class CampaignUpdateForm(forms.ModelForm):
    class Meta:
        model = CampaignUpdate
        fields = ["title", "body"]
        labels = {"title": _("Title"), "body": _("Text")}
        help_texts = {
            "title": _("At least 3 characters."),
            "body": _("Between 10 and 5,000 characters, plain text: line breaks are kept."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


# django-payments' dummy form names its fields in English and offers gateway responses in
# English; its statuses are translated by django-payments itself.
SIMULATED_LABELS = {
    "status": _("Outcome of the payment to simulate"),
    "fraud_status": _("Result of the fraud check"),
    "gateway_response": _("Response of the payment service"),
    "verification_result": _("Outcome after the bank's verification (3-D Secure)"),
}
SIMULATED_RESPONSES = {
    "3ds-disabled": _("No bank verification"),
    "3ds-redirect": _("Bank verification (3-D Secure)"),
    "failure": _("The payment service cannot be reached"),
    "payment-error": _("The payment service answers something unexpected"),
}


def label_simulated_payment(form):
    """The dummy provider's form (demo and tests), labelled in the reader's language."""
    for name, label in SIMULATED_LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
    if "gateway_response" in form.fields:
        field = form.fields["gateway_response"]
        field.choices = [(value, SIMULATED_RESPONSES.get(value, text)) for value, text in field.choices]
    return form
