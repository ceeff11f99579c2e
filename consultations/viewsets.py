from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Facility, Neighbourhood


class FacilityViewSet(SnippetViewSet):
    model = Facility
    icon = "home"
    menu_label = _("Facilities")
    list_display = ["name", "neighbourhood", "address"]
    search_fields = ["name"]


class NeighbourhoodViewSet(SnippetViewSet):
    model = Neighbourhood
    icon = "site"
    menu_label = _("Neighbourhoods")
    list_display = ["name", "postcodes"]
    search_fields = ["name"]
