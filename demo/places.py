"""Quarters of the metropolis and the facilities the company runs (places.yaml), by name."""

from dataclasses import dataclass

from consultations.models import Facility, Neighbourhood

from . import data


@dataclass(frozen=True)
class Places:
    neighbourhoods: dict
    facilities: dict


def seed_places(created):
    """Create the quarters and facilities not there yet; return every one of them by name."""
    places = data.load("places")
    neighbourhoods = {n.name: n for n in Neighbourhood.objects.all()}
    for spec in places["neighbourhoods"]:
        if spec["name"] not in neighbourhoods:
            neighbourhoods[spec["name"]] = Neighbourhood.objects.create(**spec)
            created["neighbourhoods"] += 1
    facilities = {f.name: f for f in Facility.objects.all()}
    for spec in places["facilities"]:
        if spec["name"] not in facilities:
            facilities[spec["name"]] = Facility.objects.create(
                name=spec["name"],
                address=spec["address"],
                neighbourhood=neighbourhoods.get(spec.get("neighbourhood", "")),
            )
            created["facilities"] += 1
    return Places(neighbourhoods, facilities)
