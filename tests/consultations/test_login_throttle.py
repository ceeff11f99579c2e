"""One throttled sign-in page guards both the portal and the Wagtail admin."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.shared_cache]


def fail_login(client, email, times):
    for _ in range(times):
        client.post("/accounts/login/", {"login": email, "password": "not-the-password"})


def test_admin_login_page_leads_to_the_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_admin_sends_anonymous_visitors_to_the_portal_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"


def test_posting_a_password_to_the_admin_login_does_not_sign_in(client, moderator, password):
    response = client.post("/admin/login/", {"username": moderator.email, "password": password})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_password_reset_leads_to_the_portal_one(client):
    response = client.get("/admin/password_reset/")
    assert response["Location"] == "/accounts/password/reset/"


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, moderator, password):
    client.cookies["portal_language"] = "en"
    fail_login(client, moderator.email, 5)
    response = client.post("/accounts/login/", {"login": moderator.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_another_browser_and_another_address(moderator, password):
    # Attempts counted for one client are seen by the next: the counter lives in the shared cache.
    fail_login(Client(REMOTE_ADDR="198.51.100.1"), moderator.email, 5)
    other = Client(REMOTE_ADDR="198.51.100.2")
    other.post("/accounts/login/", {"login": moderator.email, "password": password})
    assert "_auth_user_id" not in other.session


def test_a_fresh_account_is_not_affected_by_another_accounts_lock(citizen, moderator, password):
    fail_login(Client(REMOTE_ADDR="198.51.100.1"), moderator.email, 5)
    other = Client(REMOTE_ADDR="198.51.100.3")
    response = other.post("/accounts/login/", {"login": citizen.email, "password": password})
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(citizen.pk)


def test_throttle_counts_in_a_cache_shared_by_all_server_processes():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def behind_the_proxy(client_address):
    # Every request reaches the portal from the proxy (127.0.0.1), which appends the client's
    # address to X-Forwarded-For.
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.250, {client_address}")


def test_behind_a_proxy_one_client_cannot_lock_everybody_out(settings, password):
    from tests.factories import UserFactory

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = behind_the_proxy("198.51.100.66")
    attacker.cookies["portal_language"] = "en"
    for number in range(12):
        fail_login(attacker, f"inconnu{number}@exemple.fr", 1)
    response = attacker.post("/accounts/login/", {"login": "x@exemple.fr", "password": "x"})
    assert "Too many failed login attempts" in response.content.decode()  # the attacker is stopped

    for number in range(31):
        citizen = UserFactory()
        someone = behind_the_proxy(f"192.0.2.{number + 1}")
        response = someone.post("/accounts/login/", {"login": citizen.email, "password": password})
        assert response.status_code == 302, number
    from consultations.models import LoginEvent

    assert LoginEvent.objects.filter(ip_address="192.0.2.31").exists()


def test_a_citizen_who_opens_the_admin_is_told_it_is_for_staff(client, citizen):
    client.force_login(citizen)
    client.cookies["portal_language"] = "en"
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # no loop between the admin and the sign-in page
    assert "Administration reserved for staff" in response.content.decode()
