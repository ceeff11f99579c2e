"""Single-use form tokens: a form whose answer hands something out once (the clear letter codes)
must not act again when the browser sends it a second time (reload, back button, double click).

Rules:
- a token is signed with SECRET_KEY, so it cannot be made up, and dated: a form opened more than
  MAX_AGE seconds ago must be reloaded;
- using a token marks it used in the default cache, which every process shares (the database or
  Redis), for as long as the token stays valid; the mark holds nothing but that fact.
"""

import secrets

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_AGE = 12 * 60 * 60


def _salt(purpose):
    return f"consultations.form_tokens.{purpose}"


def _key(purpose, nonce):
    return f"form-token:{purpose}:{nonce}"


def issue(purpose):
    return signing.dumps(secrets.token_urlsafe(18), salt=_salt(purpose))


def read(token, purpose):
    """The token's nonce; ValidationError for a token that is forged or too old."""
    try:
        return signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This form was opened too long ago: reload the page and fill it in again."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This form is not valid: reload the page and fill it in again."), code="invalid"
        ) from None


def use(purpose, nonce):
    """True the first time a nonce is used, False ever after."""
    return cache.add(_key(purpose, nonce), True, MAX_AGE)


def release(purpose, nonce):
    """Make a nonce usable again, when what it was used for failed."""
    cache.delete(_key(purpose, nonce))
