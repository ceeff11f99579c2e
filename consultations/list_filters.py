"""The query parameters of the public lists, read through forms: what a visitor types or edits in
an address is checked like any other input. A value a field refuses (a NUL byte, which
PostgreSQL refuses; "²", which `isdigit()` accepts and `int()` does not; an unknown choice) is
ignored, and the list is shown unfiltered on that criterion rather than failing."""

from django import forms

from .models import Proposal
from .selectors import ANSWER_FILTERS, SORTS, STATUS_FILTERS


class ListFilters(forms.Form):
    def __init__(self, data, *, options=None):
        super().__init__(data)
        for name, choices in (options or {}).items():
            self.fields[name].choices = [("", "")] + [(str(option.pk), str(option)) for option in choices]
        self._options = options or {}

    def values(self):
        """Every filter's value: the one sent when valid, else its empty value."""
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name) if name not in self.errors else None
            if name in self._options:
                value = next((option for option in self._options[name] if str(option.pk) == value), None)
            elif value is None:
                value = field.initial if field.initial is not None else ""
            values[name] = value
        return values


class ProposalListFilters(ListFilters):
    q = forms.CharField(max_length=200, required=False)
    tag = forms.CharField(max_length=100, required=False)
    status = forms.ChoiceField(choices=[("", "")] + Proposal.Status.choices, required=False)
    neighbourhood = forms.ChoiceField(required=False)
    answer = forms.ChoiceField(choices=[("", "")] + [(name, name) for name in ANSWER_FILTERS], required=False)
    sort = forms.ChoiceField(choices=[(name, name) for name in ("random", *SORTS)], required=False, initial="random")

    def clean_q(self):
        return self.cleaned_data["q"][:100]

    def clean_sort(self):
        return self.cleaned_data["sort"] or "random"


class ConsultationListFilters(ListFilters):
    status = forms.ChoiceField(choices=[("", "")] + [(name, name) for name in STATUS_FILTERS], required=False)
    facility = forms.ChoiceField(required=False)
    neighbourhood = forms.ChoiceField(required=False)
    tag = forms.CharField(max_length=100, required=False)


class FollowUpFilters(ListFilters):
    facility = forms.ChoiceField(required=False)
    neighbourhood = forms.ChoiceField(required=False)
    year = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, data, *, options=None, years=()):
        super().__init__(data, options=options)
        self.fields["year"].choices = [("", "")] + [(str(year), str(year)) for year in years]
