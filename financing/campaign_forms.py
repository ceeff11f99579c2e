"""The form a citizen proposes (and changes) a campaign with, plain HTML with a few rows for the
budget, the rewards and the loan's schedule. Parsing only: the rules are the service's
(services/campaigns.py)."""

import html

from django import forms
from django.forms.utils import ErrorDict
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from consultations.models import Facility, Neighbourhood

from .forms import cents_from_euros
from .models.campaigns import Category, HolderKind
from .services.campaigns import Proposed, deadline_from_date

AMOUNT_HELP = _("In euros, for instance 1500 or 1 500,50.")


def _cents(text, *, message):
    cents = cents_from_euros(text)
    if cents is None or cents <= 0:
        raise forms.ValidationError(message, code="amount")
    return cents


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(forms.Form):
    holder_name = forms.CharField(
        label=_("Public name of the holder"), max_length=120,
        help_text=_("Your name, or your association's or business's, as backers will see it."),
    )
    holder_kind = forms.ChoiceField(label=_("You carry the project as"), choices=HolderKind.choices)
    contact_email = forms.EmailField(
        label=_("Contact email"), help_text=_("The team checks it before the campaign goes online."),
    )
    title = forms.CharField(label=_("Title of the campaign"), max_length=120)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences, at most 300 characters."),
    )
    description = forms.CharField(
        label=_("Description of the project"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you will do, with whom, and why. Leave a blank line between paragraphs."),
    )
    category = forms.ChoiceField(label=_("Kind of financing"), choices=Category.choices)
    goal = forms.CharField(
        label=_("Goal (€)"), max_length=20, help_text=AMOUNT_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Give the campaign's goal in euros.")},
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=DateInput(),
        help_text=_("The last day of the campaign, at most 90 days from today."),
        error_messages={"required": _("Give the campaign's deadline."), "invalid": _("Enter a date, for instance 2027-03-31.")},
    )
    keep_what_is_raised = forms.BooleanField(
        label=_("Keep what is raised even if the goal is not reached (donations only)"), required=False,
    )
    equity_platform_url = forms.URLField(
        label=_("Address of the offer on the licensed platform (business financing only)"), required=False,
        assume_scheme="https",
        help_text=_("Business financing is run by a crowdfunding provider licensed under EU regulation 2020/1503."),
    )
    risks = forms.CharField(
        label=_("Risks and challenges"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
    )
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.order_by("name"), required=False, empty_label=_("None"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.order_by("name"), required=False,
        empty_label=_("None"),
    )

    def clean_goal(self):
        return _cents(
            self.cleaned_data["goal"],
            message=_("Enter the goal in euros, a number greater than zero with at most two decimals (for instance 1500)."),
        )


class RowForm(forms.Form):
    """A row left blank is no row: it is dropped, not refused."""

    def full_clean(self):
        if self.is_bound and not any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class BudgetLineForm(RowForm):
    label = forms.CharField(label=_("Item"), max_length=200)
    amount = forms.CharField(label=_("Amount (€)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def clean_amount(self):
        return _cents(self.cleaned_data["amount"], message=_("Enter an amount in euros greater than zero."))


class RewardTierForm(RowForm):
    title = forms.CharField(label=_("Reward"), max_length=120)
    description = forms.CharField(label=_("What the backer gets"), max_length=600)
    amount = forms.CharField(
        label=_("From (€)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    quantity = forms.IntegerField(label=_("Quantity (empty: unlimited)"), min_value=1, required=False)
    estimated_delivery = forms.DateField(label=_("Estimated delivery"), required=False, widget=DateInput())

    def clean_amount(self):
        return _cents(self.cleaned_data["amount"], message=_("Enter an amount in euros of at least 1 €."))


class InstalmentForm(RowForm):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    percent = forms.IntegerField(label=_("Share of the loan (%)"), min_value=1, max_value=100)


# (row form, empty rows offered beyond those filled, most rows)
ROWS = {"budget": (BudgetLineForm, 3, 12), "rewards": (RewardTierForm, 3, 8), "instalments": (InstalmentForm, 4, 12)}


class CampaignForms:
    """The campaign's form and its three groups of rows, bound or not, read together."""

    def __init__(self, data=None, *, initial=None, rows=None):
        rows = rows or {}
        self.form = CampaignForm(data, initial=initial)
        self.budget = self._rows(data, "budget", rows)
        self.rewards = self._rows(data, "rewards", rows)
        self.instalments = self._rows(data, "instalments", rows)
        self.section_errors = {}

    @staticmethod
    def _rows(data, prefix, rows):
        form_class, extra, most = ROWS[prefix]
        formset_class = forms.formset_factory(form_class, extra=extra, max_num=most, absolute_max=most)
        return formset_class(data, prefix=prefix, initial=rows.get(prefix, []))

    @property
    def formsets(self):
        return [self.budget, self.rewards, self.instalments]

    def is_valid(self):
        return all([self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)])

    @staticmethod
    def _filled(formset):
        return [row.cleaned_data for row in formset if row.cleaned_data]

    def proposed(self):
        data = self.form.cleaned_data
        fields = {name: data[name] for name in (
            "title", "holder_name", "holder_kind", "contact_email", "summary", "category", "keep_what_is_raised",
            "equity_platform_url", "risks", "facility", "neighbourhood",
        )}
        fields["goal_cents"] = data["goal"]
        fields["deadline"] = deadline_from_date(data["deadline"])
        return Proposed(
            fields=fields,
            description=data["description"],
            budget_lines=[(row["label"], row["amount"]) for row in self._filled(self.budget)],
            reward_tiers=[
                {"title": row["title"], "description": row["description"], "amount_cents": row["amount"],
                 "quantity": row["quantity"], "estimated_delivery": row["estimated_delivery"]}
                for row in self._filled(self.rewards)
            ],
            instalments=[(row["due_on"], row["percent"]) for row in self._filled(self.instalments)],
        )

    # Where each of the service's refusals is shown.
    FIELD_OF_ERROR = {"goal_cents": "goal", "title": "title", "summary": "summary", "contact_email": "contact_email"}
    SECTIONS = {"reward_tiers": "rewards", "instalments": "instalments"}

    def add_service_errors(self, error):
        for name, messages in error.message_dict.items():
            if name in self.SECTIONS:
                self.section_errors.setdefault(self.SECTIONS[name], []).extend(messages)
                continue
            field = self.FIELD_OF_ERROR.get(name, name)
            for message in messages:
                self.form.add_error(field if field in self.form.fields else None, message)

    @property
    def has_errors(self):
        return bool(self.form.errors or self.section_errors or any(
            formset.total_error_count() for formset in self.formsets
        ))


def _euros_text(cents):
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}" if rest else str(whole)


def description_text(body):
    """The description's text blocks back as plain text, paragraphs apart."""
    parts = []
    for block in body:
        if block.block_type == "paragraph":
            source = block.value.source.replace("<br>", "\n").replace("<br/>", "\n")
            parts.extend(strip_tags(p).strip() for p in source.split("</p>") if strip_tags(p).strip())
    return "\n\n".join(html.unescape(part) for part in parts)


def initial_of(campaign):
    """The form's initial values and rows for a campaign (its latest revision)."""
    initial = {
        "holder_name": campaign.holder_name, "holder_kind": campaign.holder_kind,
        "contact_email": campaign.contact_email, "title": campaign.title, "summary": campaign.summary,
        "description": description_text(campaign.body), "category": campaign.category,
        "goal": _euros_text(campaign.goal_cents) if campaign.goal_cents else "",
        "deadline": campaign.deadline.date() if campaign.deadline else None,
        "keep_what_is_raised": campaign.keep_what_is_raised, "equity_platform_url": campaign.equity_platform_url,
        "risks": campaign.risks, "facility": campaign.facility_id, "neighbourhood": campaign.neighbourhood_id,
    }
    rows = {
        "budget": [{"label": line.label, "amount": _euros_text(line.amount_cents)} for line in campaign.budget_lines.all()],
        "rewards": [
            {"title": tier.title, "description": tier.description, "amount": _euros_text(tier.amount_cents),
             "quantity": tier.quantity, "estimated_delivery": tier.estimated_delivery}
            for tier in campaign.reward_tiers.all()
        ],
        "instalments": [
            {"due_on": instalment.due_on, "percent": instalment.percent} for instalment in campaign.loan_instalments.all()
        ],
    }
    return initial, rows
