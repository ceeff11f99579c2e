"""What a hostile visitor types into an address gets a page, never a server error: every query
parameter of the public lists goes through a form (consultations/list_filters.py)."""

import pytest
from django.urls import reverse

from consultations.models import Neighbourhood
from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["%00", "a%00b", "%C2%B2", "9" * 4301, "-1", "%F0%9F%92%A9", "1e3", "' OR 1=1 --"]


@pytest.fixture
def listed(open_consultation):
    submit_proposal(open_consultation, author=UserFactory(), title="Un bassin nordique", body="Un bassin dehors, chauffé l'hiver.")
    return open_consultation


@pytest.mark.parametrize("name", ["q", "tag", "status", "neighbourhood", "sort", "page"])
@pytest.mark.parametrize("value", HOSTILE)
def test_the_proposal_list_shrugs_off_hostile_parameters(client, listed, name, value):
    url = reverse("consultations:proposal_list", args=[listed.pk])
    response = client.get(f"{url}?{name}={value}")
    assert response.status_code == 200
    if name not in {"q", "tag"}:  # a refused filter is ignored: the list is shown unfiltered
        assert "Un bassin nordique" in response.content.decode()


@pytest.mark.parametrize("name", ["status", "facility", "neighbourhood", "tag", "page"])
@pytest.mark.parametrize("value", HOSTILE)
def test_the_consultation_list_shrugs_off_hostile_parameters(client, listed, consultation_index, name, value):
    response = client.get(f"{consultation_index.url}?{name}={value}")
    assert response.status_code == 200
    if name != "tag":
        assert listed.title in response.content.decode()


def test_a_valid_neighbourhood_still_filters(client, listed):
    elsewhere = Neighbourhood.objects.create(name="La Duchère", postcodes="69009")
    url = reverse("consultations:proposal_list", args=[listed.pk])
    assert "Un bassin nordique" not in client.get(f"{url}?neighbourhood={elsewhere.pk}").content.decode()


def test_the_order_cookie_travels_over_https_only_where_the_session_does(client, listed, settings):
    url = reverse("consultations:proposal_list", args=[listed.pk])
    settings.SESSION_COOKIE_SECURE = True
    assert client.get(url).cookies["proposal_order"]["secure"]
    client.cookies.clear()
    settings.SESSION_COOKIE_SECURE = False
    assert not client.get(url).cookies["proposal_order"]["secure"]


SEARCH_HOSTILE = [*HOSTILE, '"', "*", "(", "AND OR NOT", "piscine%00bassin", "a" * 5000, "x " * 3000]


@pytest.mark.parametrize("name", ["q", "pages", "proposals"])
@pytest.mark.parametrize("value", SEARCH_HOSTILE)
def test_the_site_search_shrugs_off_hostile_parameters(client, listed, name, value):
    response = client.get(f"{reverse('consultations:site_search')}?q=bassin&{name}={value}")
    assert response.status_code == 200


def test_the_similar_proposals_fragment_shrugs_off_hostile_titles(client, listed):
    for value in SEARCH_HOSTILE:
        url = reverse("consultations:proposal_similar", args=[listed.pk])
        assert client.get(f"{url}?title={value}").status_code == 200
