"""Account life cycle: sign-up consent, sign-in history, profile changes and GDPR erasure.

Rules enforced here:
- a sign-up records the acceptance of the terms with the version in force;
- each sign-in is recorded with its IP address and browser, for the user's own security history,
  and cancels a pending deletion for inactivity;
- deleting an account erases every personal field and personal record, but keeps the user row as an
  anonymous "deleted participant" so that contributions stay readable and ballots stay counted;
  other apps forget their own records through the erasers they registered (account_sections);
- the former address receives a receipt once the deletion is committed.
"""

import uuid

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import account_sections, activity
from ..models import (
    Consent,
    Follow,
    LoginEvent,
    NotificationPreferences,
    ResidentVerificationEvent,
    User,
)
from ..models.users import DELETED_PARTICIPANT_DOMAIN

TERMS_VERSION = "2026-11"


def record_signup(user, *, display_name):
    """Store the public name chosen at sign-up and the consent to the terms. Returns the user."""
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.full_clean(exclude=["password"])
        user.save(update_fields=["display_name"])
        Consent.objects.create(user=user, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION)
    return user


def record_login(user, *, request=None):
    """Add a sign-in to the user's history. Called for every successful login."""
    ip_address = None
    user_agent = ""
    if request is not None:
        # The client's address as allauth's rate limits see it (the proxy settings apply).
        try:
            ip_address = get_account_adapter().get_client_ip(request)
        except PermissionDenied:
            ip_address = None
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    if user.inactivity_warned_at:
        User.objects.filter(pk=user.pk).update(inactivity_warned_at=None)
        user.inactivity_warned_at = None
    return LoginEvent.objects.create(user=user, ip_address=ip_address, user_agent=user_agent)


def update_profile(user, *, form):
    """Save the profile form of the signed-in user; a new public name shows on the next page."""
    with transaction.atomic():
        saved = form.save()
        if activity.PUBLIC_NAME_FIELDS.intersection(form.changed_data):
            activity.changed(people=True)
        return saved


def delete_account(user, *, acting_user):
    """Erase a user's personal data for good (GDPR art. 17).

    Only the user themself may call it. Contributions and ballots keep pointing at the anonymised
    row, which then holds nothing personal. Raises PermissionDenied for anyone else.
    """
    if acting_user.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can delete an account."))
    return erase_account(user, receipt_template="consultations/email/account_deleted.txt")


def erase_account(user, *, receipt_template):
    """Anonymise the account and send the receipt; shared by self-deletion and retention."""
    former_email = user.email
    language = translation.get_language()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        LoginEvent.objects.filter(user=user).delete()
        Consent.objects.filter(user=user).delete()
        ResidentVerificationEvent.objects.filter(user=user).delete()
        Follow.objects.filter(user=user).delete()
        account_sections.erase_sections(user)
        NotificationPreferences.objects.filter(user=user).delete()
        _anonymise_log_entries(user)
        _delete_wagtail_profile(user)
        user.groups.clear()
        user.user_permissions.clear()
        user.email = f"{uuid.uuid4().hex}@{DELETED_PARTICIPANT_DOMAIN}"
        user.display_name = ""
        user.first_name = ""
        user.last_name = ""
        user.postcode = ""
        user.neighbourhood = ""
        user.is_verified_resident = False
        user.resident_verified_at = None
        user.resident_verified_by = None
        user.resident_verification_method = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save()
        activity.changed(readers=[user.pk], people=True)
        transaction.on_commit(
            lambda: _send_deletion_receipt(former_email, language, receipt_template)
        )
    return user


def _anonymise_log_entries(user):
    """Wagtail's audit entries about the account keep the action and date, not who it was."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=str(_("deleted participant")), data={})


def _delete_wagtail_profile(user):
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=user).delete()


def _send_deletion_receipt(email, language, template):
    with translation.override(language):
        send_mail(
            subject=_("Your account has been deleted"),
            message=render_to_string(template, {"contact_email": settings.CONTACT_EMAIL}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
