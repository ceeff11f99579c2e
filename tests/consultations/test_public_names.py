"""Citizens appear under the pseudonym they chose, never under their real names."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialLogin

from consultations.adapters import SocialAccountAdapter
from consultations.models import User

pytestmark = pytest.mark.django_db


def test_clearing_ones_pseudonym_shows_a_number_not_ones_real_name(client, citizen):
    client.force_login(citizen)
    citizen.first_name, citizen.last_name = "Jeanne", "Secretname"
    citizen.save()
    response = client.post("/accounts/profile/", {"display_name": "", "first_name": "Jeanne", "last_name": "Secretname", "postcode": "69003"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.public_name == f"Participant n°{citizen.pk}"
    assert "Secretname" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("names", "pseudonym"),
    [({"first_name": "Jeanne", "last_name": "Secretname"}, "Jeanne S."), ({"first_name": "Jeanne"}, "Jeanne"), ({}, "")],
)
def test_an_account_from_franceconnect_gets_a_pseudonym_without_the_family_name(rf, names, pseudonym):
    sociallogin = SocialLogin(user=User(), account=SocialAccount(provider="franceconnect"))
    user = SocialAccountAdapter().populate_user(rf.get("/"), sociallogin, {"email": "j@exemple.fr", **names})
    assert user.display_name == pseudonym
