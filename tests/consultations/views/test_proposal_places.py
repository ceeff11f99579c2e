"""A proposal may be placed on a map; the list shows the placed ones on a map of its own."""

import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from consultations.models import Proposal
from consultations.services.proposals import submit_proposal
from tests.factories import filled_in, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Un toboggan pour les petits",
    "body": "Le bassin ludique manque d'un petit toboggan pour les enfants de 3 à 6 ans.",
    "tags": "", "address": "", "neighbourhood": "",
    **filled_in(),
}


def post(client, consultation, **fields):
    data = {**GOOD, "submission_key": str(uuid.uuid4()), **fields}
    return client.post(reverse("consultations:proposal_create", args=[consultation.pk]), data)


def test_a_place_chosen_on_the_map_is_stored(client, citizen, open_consultation):
    client.force_login(citizen)
    post(client, open_consultation, latitude="45.760000", longitude="4.835000")
    proposal = Proposal.objects.get()
    assert (proposal.latitude, proposal.longitude) == (Decimal("45.760000"), Decimal("4.835000"))


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ({"latitude": "48.8566", "longitude": "2.3522"}, "Ce lieu est en dehors du territoire des consultations"),
        ({"latitude": "95", "longitude": "4.8"}, "Ce lieu est en dehors du territoire des consultations"),
        ({"latitude": "45.76", "longitude": ""}, "Ce lieu sur la carte est incomplet"),
    ],
)
def test_a_place_outside_the_area_or_incomplete_is_refused(client, citizen, open_consultation, place, message):
    client.force_login(citizen)
    response = post(client, open_consultation, **place)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_form_keeps_the_address_and_offers_the_map_as_an_enhancement(client, citizen, open_consultation):
    client.force_login(citizen)
    form = client.get(reverse("consultations:proposal_create", args=[open_consultation.pk])).content.decode()
    assert 'name="address"' in form
    assert 'type="hidden" name="latitude"' in form and 'type="hidden" name="longitude"' in form
    assert "data-location-picker" in form


def test_the_list_maps_the_placed_published_proposals(client, open_consultation):
    placed = submit_proposal(
        open_consultation, author=UserFactory(), title="Un banc à l'ombre",
        body="Un banc sous les platanes près de l'entrée.", latitude=Decimal("45.75"), longitude=Decimal("4.84"),
    )
    submit_proposal(
        open_consultation, author=UserFactory(), title="Sans lieu précis",
        body="Une idée pour tous les bassins de la ville.",
    )
    hidden = submit_proposal(
        open_consultation, author=UserFactory(), title="Un banc masqué",
        body="Une proposition que la modération a masquée.", latitude=Decimal("45.7"), longitude=Decimal("4.8"),
    )
    Proposal.objects.filter(pk=hidden.pk).update(status=Proposal.Status.HIDDEN)
    response = client.get(reverse("consultations:proposal_list", args=[open_consultation.pk]))
    content = response.content.decode()
    points = json.loads(content.split('id="proposal-map-points" type="application/json">')[1].split("</script>")[0])
    assert points == [{"url": placed.get_absolute_url(), "title": "Un banc à l'ombre", "lat": 45.75, "lng": 4.84}]
    assert "La liste des propositions ci-dessous donne les mêmes propositions que la carte." in content


def test_no_map_when_no_proposal_is_placed(client, open_consultation):
    submit_proposal(
        open_consultation, author=UserFactory(), title="Sans lieu précis",
        body="Une idée pour tous les bassins de la ville.",
    )
    content = client.get(reverse("consultations:proposal_list", args=[open_consultation.pk])).content.decode()
    assert "data-proposal-map" not in content
