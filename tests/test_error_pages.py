"""Server errors answer honestly: an unreachable database is an outage (503, Retry-After), and the
page says the team was told only when someone is."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_an_unreachable_database_is_an_outage_with_a_retry_delay(settings, home_page):
    settings.ROOT_URLCONF = "tests.error_urls"
    response = Client(raise_request_exception=False).get("/panne-base/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "base de données" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("admins", "claims"), [([], False), ([("Exploitation", "exploitation@exemple.fr")], True)])
def test_the_error_page_says_the_team_was_told_only_when_it_is(settings, admins, claims, home_page):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.ADMINS = admins
    response = Client(raise_request_exception=False).get("/bogue/")
    assert response.status_code == 500
    assert ("L'équipe a été prévenue" in response.content.decode()) is claims
