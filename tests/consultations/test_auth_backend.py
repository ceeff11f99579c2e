"""The signed-in user is read with their email verification and whether they hold permissions
(consultations/auth_backends.py): citizens' pages skip Django's permission queries, staff keep
their rights, and what a citizen may do is unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_a_citizens_page_reads_no_permission_table(client, citizen, open_consultation):
    client.force_login(citizen)
    html, sql = page(client, open_consultation.url)
    assert "auth_permission" not in sql and "account_emailaddress" in sql  # read with the user
    assert "Administration" not in html
    assert "Déposer une proposition" in html  # verified email: may take part


def test_an_unverified_address_is_still_told_to_confirm_it(client, open_consultation):
    client.force_login(UserFactory(verified_email=False))
    html, _sql = page(client, open_consultation.url)
    assert "Confirmez votre adresse électronique pour participer." in html


@pytest.mark.parametrize("role", ["moderator", "editor", "elected_official"])
def test_staff_in_a_group_keep_the_administration_link(client, open_consultation, role, request):
    client.force_login(request.getfixturevalue(role))
    html, _sql = page(client, open_consultation.url)
    assert "Administration" in html
    assert client.get("/admin/").status_code == 200


def test_a_citizen_given_a_permission_gets_it_on_the_next_page(client, citizen, open_consultation):
    from django.contrib.auth.models import Permission

    client.force_login(citizen)
    assert "Administration" not in page(client, open_consultation.url)[0]
    citizen.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert "Administration" in page(client, open_consultation.url)[0]
