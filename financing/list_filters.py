"""The campaign listing's query parameters, checked like the consultation lists' (an unknown value
is ignored rather than failing)."""

from django import forms

from consultations.list_filters import ListFilters

from .models.campaigns import Category
from .reads import LISTING_STATES


class CampaignListFilters(ListFilters):
    category = forms.ChoiceField(choices=[("", "")] + Category.choices, required=False)
    facility = forms.ChoiceField(required=False)
    neighbourhood = forms.ChoiceField(required=False)
    state = forms.ChoiceField(choices=[("", "")] + [(name, name) for name in LISTING_STATES], required=False)
