"""Composite reads.

- personal_data(user): everything the portal holds about one person, for the GDPR download
  (art. 15 and 20). Each model that stores personal data adds its section here.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from .models import Consent, LoginEvent


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user):
    profile = {
        "email": user.email,
        "display_name": user.display_name,
        "public_name": user.public_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "postcode": user.postcode,
        "neighbourhood": user.neighbourhood,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_verified_resident": user.is_verified_resident,
        "resident_verified_at": _iso(user.resident_verified_at),
        "resident_verification_method": user.get_resident_verification_method_display()
        if user.resident_verification_method
        else "",
    }
    email_addresses = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]
    linked_accounts = [
        {"provider": account.provider, "uid": account.uid, "date_joined": _iso(account.date_joined)}
        for account in SocialAccount.objects.filter(user=user).order_by("pk")
    ]
    consents = [
        {
            "kind": consent.get_kind_display(),
            "document_version": consent.document_version,
            "given_at": _iso(consent.given_at),
            "withdrawn_at": _iso(consent.withdrawn_at),
        }
        for consent in Consent.objects.filter(user=user)
    ]
    logins = [
        {
            "logged_in_at": _iso(event.logged_in_at),
            "ip_address": event.ip_address,
            "user_agent": event.user_agent,
        }
        for event in LoginEvent.objects.filter(user=user)
    ]
    return {
        "profile": profile,
        "email_addresses": email_addresses,
        "linked_accounts": linked_accounts,
        "consents": consents,
        "logins": logins,
    }
