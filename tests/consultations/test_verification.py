"""Verified residents: letter codes, desk checks, trusted identity providers, revocation."""

import hashlib
import hmac
import re
import threading
from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultations.adapters import SocialAccountAdapter
from consultations.models import (
    Neighbourhood,
    ResidentCode,
    ResidentCodeBatch,
    ResidentVerificationEvent,
    User,
)
from consultations.ratelimits import RateLimited
from consultations.selectors import personal_data
from consultations.services.verification import (
    generate_code_batch,
    redeem_resident_code,
    revoke_verification,
    verify_at_desk,
    verify_by_identity_provider,
)
from tests.factories import UserFactory
from tests.markers import postgresql_only

CODE_PATTERN = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")


def oidc_apps(*, trusted):
    app = {
        "provider_id": "franceconnect",
        "name": "FranceConnect",
        "client_id": "portal",
        "secret": "",
        "settings": {"server_url": "https://fc.example", "trusted": trusted},
    }
    return {"openid_connect": {"APPS": [app], "OAUTH_PKCE_ENABLED": True}}


def make_codes(staff, *, size=1, valid_days=30, **area):
    area = area or {"postcode": "69003"}
    return generate_code_batch(created_by=staff, size=size, valid_days=valid_days, **area)


@pytest.fixture
def croix_rousse(db):
    return Neighbourhood.objects.create(name="Croix-Rousse", postcodes="69004")


@pytest.fixture
def codes(moderator):
    return make_codes(moderator, size=10)[1]


# Generation


@pytest.mark.django_db
def test_generated_codes_are_stored_only_as_keyed_hashes(moderator):
    batch, clear_codes = generate_code_batch(
        created_by=moderator, postcode="69003", size=25, valid_days=30
    )

    assert len(set(clear_codes)) == 25
    assert all(CODE_PATTERN.match(code) for code in clear_codes)
    stored = set(ResidentCode.objects.filter(batch=batch).values_list("code_hash", flat=True))
    expected = {
        hmac.new(settings.SECRET_KEY.encode(), code.replace("-", "").encode(), hashlib.sha256)
        .hexdigest()
        for code in clear_codes
    }
    assert stored == expected
    for code in clear_codes:
        assert not ResidentCode.objects.filter(code_hash__icontains=code.replace("-", "")).exists()
    assert batch.size == 25 and batch.area == "69003"
    generated = ModelLogEntry.objects.filter(action="consultations.resident_codes_generated")
    assert generated.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "area",
    [{}, {"postcode": "69003", "neighbourhood": "croix_rousse"}, {"postcode": "Lyon"}],
    ids=["no area", "both areas", "bad postcode"],
)
def test_a_batch_needs_exactly_one_valid_area(moderator, croix_rousse, area):
    if area.get("neighbourhood"):
        area = {**area, "neighbourhood": croix_rousse}
    with pytest.raises(ValidationError):
        generate_code_batch(created_by=moderator, size=5, valid_days=30, **area)
    assert not ResidentCodeBatch.objects.exists()


@pytest.mark.django_db
def test_a_batch_holds_at_most_5000_codes(moderator):
    with pytest.raises(ValidationError):
        generate_code_batch(created_by=moderator, postcode="69003", size=5001, valid_days=30)


@pytest.mark.django_db
def test_a_citizen_cannot_generate_codes(citizen):
    with pytest.raises(PermissionDenied):
        generate_code_batch(created_by=citizen, postcode="69003", size=5, valid_days=30)


# Redeeming a letter code


@pytest.mark.django_db
def test_a_code_makes_its_holder_a_verified_resident_of_the_area(citizen, codes):
    citizen.postcode = "69001"
    citizen.save()

    redeem_resident_code(citizen, code=f"  {codes[0].lower().replace('-', ' ')} ")

    citizen.refresh_from_db()
    assert citizen.is_verified_resident
    assert citizen.resident_verification_method == User.VerificationMethod.LETTER_CODE
    assert citizen.resident_verified_at is not None
    assert citizen.postcode == "69003"
    event = ResidentVerificationEvent.objects.get(user=citizen)
    assert (event.action, event.method, event.area) == ("verified", "letter_code", "69003")
    entry = ModelLogEntry.objects.get(action="consultations.resident_verified")
    assert entry.object_id == str(citizen.pk)
    assert ResidentCode.objects.filter(used_by=citizen).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("separator", ["\u2013", ".", "/", "\u00a0"])
def test_a_code_is_read_whatever_separates_its_groups(citizen, codes, separator):
    # Word processors turn hyphens into dashes; people type dots or slashes between groups.
    redeem_resident_code(citizen, code=codes[0].replace("-", separator))

    citizen.refresh_from_db()
    assert citizen.is_verified_resident


@pytest.mark.django_db
def test_a_neighbourhood_code_replaces_a_typed_postcode_from_elsewhere(
    citizen, moderator, croix_rousse
):
    citizen.postcode = "69001"
    citizen.save()
    _batch, clear_codes = generate_code_batch(
        created_by=moderator, neighbourhood=croix_rousse, size=1, valid_days=30
    )

    redeem_resident_code(citizen, code=clear_codes[0])

    citizen.refresh_from_db()
    assert (citizen.neighbourhood, citizen.postcode) == ("Croix-Rousse", "69004")


@pytest.mark.django_db
def test_a_code_works_only_once(citizen, codes):
    neighbour = UserFactory()
    redeem_resident_code(citizen, code=codes[0])

    with pytest.raises(ValidationError) as error:
        redeem_resident_code(neighbour, code=codes[0])
    assert error.value.code == "used_code"
    with pytest.raises(ValidationError):
        redeem_resident_code(citizen, code=codes[0])
    neighbour.refresh_from_db()
    assert not neighbour.is_verified_resident
    assert ResidentVerificationEvent.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_code_is_refused(citizen, moderator):
    batch, clear_codes = make_codes(moderator, valid_days=1)
    ResidentCodeBatch.objects.filter(pk=batch.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(ValidationError) as error:
        redeem_resident_code(citizen, code=clear_codes[0])

    assert error.value.code == "expired_code"
    citizen.refresh_from_db()
    assert not citizen.is_verified_resident
    assert not ResidentCode.objects.filter(used_at__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKLM", "ABCD", "0000-OOOO-1111", ""])
def test_an_unknown_code_is_refused(citizen, codes, typed):
    with pytest.raises(ValidationError) as error:
        redeem_resident_code(citizen, code=typed)
    assert error.value.code == "unknown_code"
    citizen.refresh_from_db()
    assert not citizen.is_verified_resident


@pytest.mark.django_db
@pytest.mark.shared_cache
def test_attempts_are_limited_to_five_an_hour(citizen, codes):
    for attempt in range(5):
        with pytest.raises(ValidationError):
            redeem_resident_code(citizen, code=f"WRNG-CODE-XXX{attempt + 2}")

    with pytest.raises(RateLimited):
        redeem_resident_code(citizen, code=codes[0])

    citizen.refresh_from_db()
    assert not citizen.is_verified_resident


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_simultaneous_uses_of_one_code_verify_a_single_account(moderator):
    _batch, clear_codes = make_codes(moderator)
    people = [UserFactory() for _ in range(10)]
    barrier = threading.Barrier(len(people))
    refused = []

    def redeem(user):
        try:
            barrier.wait()
            redeem_resident_code(user, code=clear_codes[0])
        except ValidationError:
            refused.append(user)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(refused) == 9
    assert User.objects.filter(is_verified_resident=True).count() == 1
    assert ResidentVerificationEvent.objects.count() == 1


# Desk check and revocation


@pytest.mark.django_db
def test_staff_mark_an_account_verified_at_the_desk(citizen, moderator, croix_rousse):
    verify_at_desk(citizen, staff=moderator, neighbourhood="Croix-Rousse", note="facture EDF")

    citizen.refresh_from_db()
    assert citizen.is_verified_resident
    assert citizen.resident_verification_method == User.VerificationMethod.DESK
    assert citizen.resident_verified_by == moderator
    assert (citizen.neighbourhood, citizen.postcode) == ("Croix-Rousse", "69004")
    event = ResidentVerificationEvent.objects.get(user=citizen)
    assert (event.actor, event.note) == (moderator, "facture EDF")


@pytest.mark.django_db
def test_a_desk_check_needs_the_verify_permission(citizen):
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        verify_at_desk(other, staff=citizen, postcode="69003")
    other.refresh_from_db()
    assert not other.is_verified_resident


@pytest.mark.django_db
def test_staff_cannot_verify_their_own_account(moderator):
    with pytest.raises(PermissionDenied):
        verify_at_desk(moderator, staff=moderator, postcode="69003")


@pytest.mark.django_db
def test_a_desk_check_records_an_area(citizen, moderator):
    with pytest.raises(ValidationError):
        verify_at_desk(citizen, staff=moderator)
    with pytest.raises(ValidationError):
        verify_at_desk(citizen, staff=moderator, neighbourhood="Nowhere")


@pytest.mark.django_db
def test_revoking_clears_the_status_and_records_why(citizen, moderator):
    verify_at_desk(citizen, staff=moderator, postcode="69003")

    revoke_verification(citizen, staff=moderator, reason="Déménagement signalé")

    citizen.refresh_from_db()
    assert not citizen.is_verified_resident
    assert citizen.resident_verified_at is None
    assert citizen.resident_verification_method == ""
    event = ResidentVerificationEvent.objects.filter(user=citizen).first()
    assert (event.action, event.method, event.actor, event.note) == (
        "revoked", "desk", moderator, "Déménagement signalé"
    )
    assert ModelLogEntry.objects.filter(
        action="consultations.resident_revoked", object_id=str(citizen.pk), user=moderator
    ).exists()


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_the_permission(citizen, moderator):
    verify_at_desk(citizen, staff=moderator, postcode="69003")
    with pytest.raises(ValidationError):
        revoke_verification(citizen, staff=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        revoke_verification(citizen, staff=UserFactory(), reason="Pourquoi pas")
    citizen.refresh_from_db()
    assert citizen.is_verified_resident


@pytest.mark.django_db
def test_my_data_lists_the_verification_history(citizen, moderator):
    verify_at_desk(citizen, staff=moderator, postcode="69003")
    revoke_verification(citizen, staff=moderator, reason="Erreur de saisie")

    history = personal_data(citizen)["resident_verifications"]

    Action = ResidentVerificationEvent.Action
    assert [entry["action"] for entry in history] == [
        str(Action.VERIFIED.label),
        str(Action.REVOKED.label),
    ]
    assert history[1]["note"] == "Erreur de saisie"
    assert history[1]["by_staff"] is True


# Trusted identity providers


def social_request(rf, user=None):
    request = rf.get("/accounts/oidc/franceconnect/login/callback/")
    SessionMiddleware(lambda request: None).process_request(request)
    request.user = user
    return request


def existing_sociallogin(user):
    account = SocialAccount.objects.create(user=user, provider="franceconnect", uid="fc-123")
    return SocialLogin(user=user, account=account)


@pytest.mark.django_db
def test_a_login_through_a_trusted_provider_verifies_the_account(rf, citizen):
    request = social_request(rf)
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc_apps(trusted=True)):
        SocialAccountAdapter(request).pre_social_login(request, existing_sociallogin(citizen))

    citizen.refresh_from_db()
    assert citizen.is_verified_resident
    assert citizen.resident_verification_method == User.VerificationMethod.IDENTITY_PROVIDER
    assert ResidentVerificationEvent.objects.get(user=citizen).note == "franceconnect"


@pytest.mark.django_db
def test_a_login_through_an_untrusted_provider_does_not(rf, citizen):
    request = social_request(rf)
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc_apps(trusted=False)):
        SocialAccountAdapter(request).pre_social_login(request, existing_sociallogin(citizen))
        with pytest.raises(PermissionDenied):
            verify_by_identity_provider(citizen, provider_id="franceconnect")

    citizen.refresh_from_db()
    assert not citizen.is_verified_resident
    assert not ResidentVerificationEvent.objects.exists()


@pytest.mark.django_db
def test_a_sign_up_through_a_trusted_provider_verifies_the_new_account(rf):
    request = social_request(rf)
    user = User(email="dominique@exemple.fr", display_name="Dominique")
    account = SocialAccount(provider="franceconnect", uid="fc-456")
    sociallogin = SocialLogin(user=user, account=account)
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc_apps(trusted=True)):
        SocialAccountAdapter(request).save_user(request, sociallogin)

    user = User.objects.get(email="dominique@exemple.fr")
    assert user.is_verified_resident
    assert SocialAccount.objects.filter(user=user, provider="franceconnect").exists()


@pytest.mark.django_db
def test_a_trusted_login_does_not_undo_a_revocation(citizen, moderator):
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc_apps(trusted=True)):
        verify_by_identity_provider(citizen, provider_id="franceconnect")
        revoke_verification(citizen, staff=moderator, reason="Adresse hors métropole")
        verify_by_identity_provider(citizen, provider_id="franceconnect")

    citizen.refresh_from_db()
    assert not citizen.is_verified_resident


# Citizen views


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_profile_page_offers_the_code_form_and_keeps_the_profile_form(client, citizen):
    client.force_login(citizen)
    response = client.get("/accounts/profile/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'action="/accounts/resident-code/"' in content
    assert 'name="display_name"' in content

    response = client.post("/accounts/profile/", {"display_name": "Camille", "postcode": "69003"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Camille"


@pytest.mark.django_db
def test_a_citizen_enters_a_code_on_the_profile_page(client, citizen, codes):
    client.force_login(citizen)

    response = client.post("/accounts/resident-code/", {"code": codes[0]})

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert any("69003" in text for text in message_texts(response))
    citizen.refresh_from_db()
    assert citizen.is_verified_resident


@pytest.mark.django_db
def test_a_wrong_code_is_explained(client, citizen, codes):
    client.force_login(citizen)

    response = client.post("/accounts/resident-code/", {"code": "AAAA-BBBB-CCCC"}, follow=True)

    assert response.status_code == 200
    assert "message--error" in response.content.decode()
    citizen.refresh_from_db()
    assert not citizen.is_verified_resident


@pytest.mark.django_db
def test_entering_a_code_needs_a_signed_in_user(client, codes):
    response = client.post("/accounts/resident-code/", {"code": codes[0]})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
