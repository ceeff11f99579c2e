"""GDPR self-service: download my data, delete my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.db import models

from consultations.models import Consent, LoginEvent, User
from consultations.services.accounts import record_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_citizen(client, citizen, password):
    citizen.first_name = "Camille"
    citizen.last_name = "Zéphirin-Martin"
    citizen.postcode = "69117"
    citizen.neighbourhood = "Quartier des Tanneurs"
    citizen.save()
    record_signup(citizen, display_name="Camille Z.")
    client.post(
        "/accounts/login/",
        {"login": citizen.email, "password": password},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    citizen.refresh_from_db()
    return citizen


def test_my_data_download_holds_profile_consents_and_logins(client, signed_in_citizen):
    response = client.get("/accounts/my-data/download/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "camille.martin@exemple.fr"
    assert data["profile"]["display_name"] == "Camille Z."
    assert data["profile"]["postcode"] == "69117"
    assert data["email_addresses"] == [
        {"email": "camille.martin@exemple.fr", "verified": True, "primary": True}
    ]
    assert [consent["document_version"] for consent in data["consents"]]
    assert data["logins"][0]["ip_address"] == "203.0.113.9"
    assert data["logins"][0]["user_agent"] == "TestBrowser/1.0"


def test_my_data_download_holds_nobody_else(client, signed_in_citizen, moderator):
    body = client.get("/accounts/my-data/download/").content.decode()
    assert moderator.email not in body


def test_my_data_page_is_readable_html(client, signed_in_citizen):
    response = client.get("/accounts/my-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quartier des Tanneurs" in html
    assert "203.0.113.9" in html


@pytest.mark.parametrize(
    "url", ["/accounts/my-data/", "/accounts/my-data/download/", "/accounts/delete/"]
)
def test_anonymous_visitors_are_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deletion_with_a_wrong_password_changes_nothing(client, signed_in_citizen):
    client.cookies["portal_language"] = "en"
    response = client.post("/accounts/delete/", {"password": "wrong-password", "confirm": "on"})
    assert response.status_code == 200
    assert "This password is not correct." in response.content.decode()
    signed_in_citizen.refresh_from_db()
    assert signed_in_citizen.deleted_at is None
    assert signed_in_citizen.is_active


def test_deletion_needs_the_confirmation_box(client, signed_in_citizen, password):
    client.post("/accounts/delete/", {"password": password})
    signed_in_citizen.refresh_from_db()
    assert signed_in_citizen.deleted_at is None


def personal_values_left(values):
    """Every text column of every table that still contains one of the values."""
    found = []
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        for value in values:
            for field in text_fields:
                if model._base_manager.filter(**{f"{field}__icontains": value}).exists():
                    found.append((model._meta.label, field, value))
    return found


def test_deleting_my_account_leaves_nothing_personal(client, signed_in_citizen, password):
    user_id = signed_in_citizen.pk
    personal = ["camille.martin@exemple.fr", "Camille Z.", "Zéphirin-Martin", "69117", "Tanneurs"]

    response = client.post("/accounts/delete/", {"password": password, "confirm": "on"})

    assert response.status_code == 302
    assert personal_values_left(personal) == []
    assert not EmailAddress.objects.filter(user_id=user_id).exists()
    assert not LoginEvent.objects.filter(user_id=user_id).exists()
    assert not Consent.objects.filter(user_id=user_id).exists()
    anonymous = User.objects.get(pk=user_id)
    assert str(anonymous) in {"deleted participant", "participant supprimé"}
    assert not anonymous.is_active
    assert not anonymous.has_usable_password()


def test_deletion_signs_out_and_the_old_credentials_no_longer_work(client, signed_in_citizen, password):
    client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"login": "camille.martin@exemple.fr", "password": password})
    assert "_auth_user_id" not in client.session


def test_deletion_sends_a_receipt_to_the_former_address(
    client, signed_in_citizen, password, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.martin@exemple.fr"]
    assert "répondez" not in mail.outbox[0].body and "ne reçoit pas de réponses" in mail.outbox[0].body


def test_the_deletion_receipt_gives_the_teams_address(
    client, signed_in_citizen, password, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_EMAIL = "participation@exemple.fr"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert "écrivez à participation@exemple.fr" in mail.outbox[0].body


def test_deletion_also_erases_resident_verification_history(client, signed_in_citizen, password, moderator):
    from consultations.models import ResidentVerificationEvent
    from consultations.services.verification import verify_at_desk

    verify_at_desk(signed_in_citizen, staff=moderator, postcode="69117", note="facture Tanneurs")
    client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert not ResidentVerificationEvent.objects.filter(user=signed_in_citizen).exists()
    assert personal_values_left(["Camille Z.", "69117", "facture Tanneurs"]) == []


def test_a_verified_resident_cannot_move_their_area_from_the_profile_form(client, signed_in_citizen, moderator):
    from consultations.services.verification import verify_at_desk

    verify_at_desk(signed_in_citizen, staff=moderator, postcode="69117")
    client.post("/accounts/profile/", {"display_name": "Camille Z.", "postcode": "69001", "neighbourhood": "Ailleurs"})
    signed_in_citizen.refresh_from_db()
    assert signed_in_citizen.postcode == "69117"


def test_deletion_erases_follows_and_notification_preferences(client, signed_in_citizen, password, open_consultation):
    from consultations.models import Follow, NotificationPreferences
    from consultations.services.notifications import follow

    follow(open_consultation, user=signed_in_citizen)
    NotificationPreferences.objects.get_or_create(user=signed_in_citizen)
    client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert not Follow.objects.filter(user=signed_in_citizen).exists()
    assert not NotificationPreferences.objects.filter(user=signed_in_citizen).exists()
