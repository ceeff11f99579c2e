"""Participants in an export are named by a pseudonym: the same person keeps it across exports of
one consultation, gets another in the next consultation, and without the portal's secret key
nobody can go back from the pseudonym to the account (HMAC-SHA256, 12 hex characters)."""

import hashlib
import hmac

from django.conf import settings


def pseudonymiser(consultation, *, purpose=""):
    """`purpose` gives another, unrelated series of pseudonyms (the open data's ballot numbers)."""
    key = settings.SECRET_KEY.encode()
    prefix = f"{consultation.pk}:{purpose}:" if purpose else f"{consultation.pk}:"

    def pseudonym(identifier):
        if identifier is None:
            return ""
        return hmac.new(key, f"{prefix}{identifier}".encode(), hashlib.sha256).hexdigest()[:12]

    return pseudonym
