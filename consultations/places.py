"""The lists of facilities and neighbourhoods that filters offer, kept under the content version
(saving either bumps it: freshness/published.py)."""

from freshness.kept import kept
from freshness.versions import CONTENT

from .models import Facility, Neighbourhood


def facilities():
    return kept("facilities", [CONTENT], lambda: list(Facility.objects.all()))


def neighbourhoods():
    return kept("neighbourhoods", [CONTENT], lambda: list(Neighbourhood.objects.all()))

