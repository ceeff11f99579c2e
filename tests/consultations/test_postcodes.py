"""Postcodes as editors, staff and citizens type them: one reading everywhere."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import permissions
from consultations.models import Neighbourhood
from consultations.services.verification import verify_at_desk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def resident(postcode):
    return UserFactory(is_verified_resident=True, resident_verified_at=timezone.now(), postcode=postcode)


def test_residents_of_postcodes_written_with_spaces_or_semicolons_may_vote(make_consultation):
    consultation = make_consultation(
        "vote", vote_method="approval", max_choices=1, projects=[1], audience="residents",
        eligible_postcodes="69 003; 69007",
    )
    assert permissions.can_vote(resident("69003"), consultation)
    assert permissions.can_vote(resident("69007"), consultation)
    assert not permissions.can_vote(resident("69001"), consultation)


def test_a_consultation_keeps_its_eligible_postcodes_tidy_and_refuses_a_wrong_one(make_consultation):
    consultation = make_consultation("proposals", eligible_postcodes="69 003;69007")
    consultation.full_clean()
    assert consultation.eligible_postcodes == "69003, 69007"

    consultation.eligible_postcodes = "6900, 69007"
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "eligible_postcodes" in error.value.message_dict


def test_a_neighbourhood_keeps_its_postcodes_tidy_and_refuses_a_wrong_one():
    neighbourhood = Neighbourhood(name="Croix-Rousse", postcodes="69 004; 69001")
    neighbourhood.full_clean()
    assert neighbourhood.postcodes == "69004, 69001"
    assert neighbourhood.postcode_list == ["69004", "69001"]

    neighbourhood.postcodes = "69004, Lyon"
    with pytest.raises(ValidationError) as error:
        neighbourhood.full_clean()
    assert "postcodes" in error.value.message_dict


def test_a_postcode_typed_with_a_non_breaking_space_is_read_in_the_profile(client, citizen):
    client.force_login(citizen)
    response = client.post("/accounts/profile/", {"display_name": "Camille", "postcode": "69\u00a0003"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.postcode == "69003"


def test_a_postcode_typed_with_a_non_breaking_space_is_read_at_the_desk(citizen, moderator):
    verify_at_desk(citizen, staff=moderator, postcode="69\u00a0003")
    citizen.refresh_from_db()
    assert citizen.postcode == "69003"
