"""Forms of the staff's side of resident verification: letter-code batches, desk checks and
revocations (the citizen's code form is in views/verification.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import form_tokens
from .models import Neighbourhood
from .models.verification import MAX_BATCH_SIZE
from .postcodes import PostcodeField
from .services.verification import MAX_VALID_DAYS

CODES_HANDOVER = "resident_codes"


class CodeBatchForm(forms.Form):
    LETTERS = "letters"
    CSV = "csv"

    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
    )
    postcode = PostcodeField(
        label=_("or postcode"),
        required=False,
        help_text=_("Fill in either a neighbourhood or a postcode."),
    )
    size = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=MAX_BATCH_SIZE,
        initial=100,
        help_text=_("One code per letter, at most 5000."),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_VALID_DAYS,
        initial=90,
        help_text=_("Leave time for the mailing and for residents to answer."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For staff only, e.g. the name of the mailing campaign."),
    )
    delivery = forms.ChoiceField(
        label=_("Hand the codes over as"),
        choices=[
            (LETTERS, _("Printable letters, with a link to download the codes as CSV")),
            (CSV, _("A CSV file only, for a mail merge (quicker for large batches)")),
        ],
        initial=LETTERS,
        widget=forms.RadioSelect,
        help_text=_("The codes are handed over once, in the answer to this form: they are "
                    "kept nowhere and cannot be shown again."),
    )
    handover = forms.CharField(widget=forms.HiddenInput)

    def clean_handover(self):
        return form_tokens.read(self.cleaned_data["handover"], CODES_HANDOVER)

    def clean(self):
        cleaned_data = super().clean()
        if bool(cleaned_data.get("neighbourhood")) == bool(cleaned_data.get("postcode")):
            raise ValidationError(_("Choose a neighbourhood or enter a postcode, not both."))
        return cleaned_data


class AccountLookupForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the account"))


class DeskCheckForm(forms.Form):
    postcode = PostcodeField(label=_("Postcode"), required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.all(), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_(
            "The kind of proof seen, e.g. “energy bill”. Never copy an identity document "
            "number."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the account's history and shown to its holder in their data."),
    )
