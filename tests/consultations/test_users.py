import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_unique_whatever_its_case():
    User.objects.create_user("Lea.Dupont@exemple.fr", "a-long-password-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("lea.dupont@EXEMPLE.fr", "a-long-password-2")


def test_user_is_found_by_email_whatever_its_case():
    user = User.objects.create_user("Lea.Dupont@exemple.fr", "a-long-password-1")
    assert User.objects.get_by_natural_key("lea.dupont@exemple.fr") == user


def test_public_name_never_shows_the_email_address():
    user = User.objects.create_user("lea.dupont@exemple.fr", "a-long-password-1")
    assert "exemple.fr" not in user.public_name
    assert user.public_name == f"Participant #{user.pk}" or "lea" not in user.public_name.lower()
    user.display_name = "Léa D."
    assert str(user) == "Léa D."


def test_a_verified_resident_must_have_a_verification_date():
    user = UserFactory()
    user.is_verified_resident = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_verified_resident_records_who_verified_and_how(moderator):
    user = UserFactory(postcode="69003", neighbourhood="Part-Dieu")
    user.is_verified_resident = True
    user.resident_verified_at = timezone.now()
    user.resident_verified_by = moderator
    user.resident_verification_method = User.VerificationMethod.DESK
    user.save()
    user.refresh_from_db()
    assert user.resident_verified_by == moderator
    assert user.get_resident_verification_method_display()


def test_superuser_is_staff():
    admin = User.objects.create_superuser("admin@exemple.fr", "a-long-password-1")
    assert admin.is_staff and admin.is_superuser
