"""Sign-up with mandatory email verification, login, logout, password reset and email change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from consultations.models import Consent, LoginEvent, User
from tests.factories import filled_in

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "nour.benali@exemple.fr",
    "display_name": "Nour B.",
    "password1": "patinoire-du-dimanche",
    "password2": "patinoire-du-dimanche",
    "accept_terms": "on",
    **filled_in(),
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_signup_sends_a_verification_email_and_login_waits_for_it(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="nour.benali@exemple.fr")
    assert user.display_name == "Nour B."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nour.benali@exemple.fr"]

    client.logout()
    login = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_following_the_verification_link_verifies_and_signs_in(client):
    client.post("/accounts/signup/", SIGNUP)
    link = confirmation_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert client.get("/accounts/profile/").status_code == 200


def test_signup_records_the_consent_to_the_terms(client):
    client.post("/accounts/signup/", SIGNUP)
    consent = Consent.objects.get(user__email=SIGNUP["email"])
    assert consent.kind == Consent.Kind.TERMS
    assert consent.document_version


def test_signup_without_accepting_the_terms_creates_nothing(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "accept_terms": ""})
    assert response.status_code == 200
    assert "accept_terms" in response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "field_error"),
    [("court-mdp", "at least 12 characters"), ("123456789012345", "entirely numeric")],
)
def test_weak_passwords_are_refused_with_a_reason(client, password, field_error):
    client.cookies["portal_language"] = "en"
    response = client.post("/accounts/signup/", {**SIGNUP, "password1": password, "password2": password})
    assert response.status_code == 200
    assert field_error in str(response.context["form"].errors)
    assert not User.objects.exists()


def test_signup_page_is_in_french_by_default(client):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_successful_login_is_recorded(client, citizen, password):
    response = client.post(
        "/accounts/login/",
        {"login": citizen.email, "password": password},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Firefox/140",
    )
    assert response.status_code == 302
    event = LoginEvent.objects.get(user=citizen)
    assert event.ip_address == "203.0.113.7"
    assert event.user_agent == "Firefox/140"


def test_logout_needs_a_post_and_ends_the_session(client, citizen):
    client.force_login(citizen)
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_password_reset_sends_a_link_to_a_known_address(client, citizen):
    response = client.post("/accounts/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_email_change_asks_to_verify_the_new_address(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "camille.nouvelle@exemple.fr"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["camille.nouvelle@exemple.fr"]
    assert not EmailAddress.objects.get(email="camille.nouvelle@exemple.fr").verified


def test_sign_in_and_sign_up_links_never_nest_their_return_address(client, home_page):
    html = client.get("/accounts/login/?next=/consultations/").content.decode()
    assert 'href="/accounts/login/?next=/consultations/"' in html
    assert 'href="/accounts/signup/?next=/consultations/"' in html
    html = client.get("/accounts/signup/?next=/consultations/").content.decode()
    assert "next=/accounts" not in html.replace("langue/en/?next=/accounts", "")
    assert "next=%2Faccounts" not in html
