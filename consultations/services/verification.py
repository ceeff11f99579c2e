"""Verified residents: letter codes, desk checks, trusted identity providers and revocation.

Rules enforced here:
- staff generating codes, checking an account at a desk or revoking a status need the
  `consultations.verify_resident` permission, and never act on their own account;
- a letter code is 12 characters from an alphabet without 0/O/1/I; only an HMAC-SHA256 of it,
  keyed with SECRET_KEY, is stored, so the clear codes exist only in the generation response;
- a code is used once, before its batch expires; attempts are rate-limited per account, failed
  or not, so codes cannot be guessed;
- a verification records the area it proves: it replaces the postcode or neighbourhood the
  citizen typed in their profile when they disagree;
- a login through an OIDC provider marked "trusted" in settings verifies the account, unless
  staff revoked the status since: a revocation then needs a code or a desk check to be undone;
- every verification and revocation leaves a ResidentVerificationEvent (shown in the citizen's
  data download) and a Wagtail log entry (shown in the admin's reports).
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import codes, ratelimits
from ..models import (
    Neighbourhood,
    ResidentCode,
    ResidentCodeBatch,
    ResidentVerificationEvent,
    User,
)
from ..models.verification import MAX_BATCH_SIZE
from ..postcodes import clean_postcode

VERIFY_PERMISSION = "consultations.verify_resident"
CODE_LENGTH = 12
MAX_VALID_DAYS = 365

LOG_VERIFIED = "consultations.resident_verified"
LOG_REVOKED = "consultations.resident_revoked"
LOG_CODES_GENERATED = "consultations.resident_codes_generated"


def code_hash(code, *, key=None):
    key = settings.SECRET_KEY if key is None else key
    return hmac.new(key.encode(), codes.normalised(code).encode(), hashlib.sha256).hexdigest()


def _candidate_hashes(code):
    # Codes printed before a SECRET_KEY rotation stay valid while the old key is a fallback.
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [code_hash(code, key=key) for key in keys]


def is_trusted_identity_provider(provider_id):
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return any(
        app.get("provider_id") == provider_id and app.get("settings", {}).get("trusted")
        for app in apps
    )


def _check_staff(staff, user=None):
    if not staff.is_authenticated or not staff.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied(_("You are not allowed to verify residents."))
    if user is not None and user.pk == staff.pk:
        raise PermissionDenied(_("Ask another member of staff to check your own account."))


def _check_account(user):
    if user.deleted_at or not user.is_active:
        raise ValidationError(_("This account is closed."), code="closed")


def _verified_area(user, *, neighbourhood=None, postcode=""):
    """The (postcode, neighbourhood name) a verification proves, keeping what the user typed
    when it fits: a self-declared postcode left next to a verified neighbourhood elsewhere would
    open the consultations of two areas."""
    if neighbourhood is not None and postcode:
        return postcode, neighbourhood.name
    if neighbourhood is not None:
        postcodes = neighbourhood.postcode_list
        if user.postcode in postcodes:
            return user.postcode, neighbourhood.name
        return (postcodes[0] if len(postcodes) == 1 else ""), neighbourhood.name
    covering = [n for n in Neighbourhood.objects.all() if postcode in n.postcode_list]
    if user.neighbourhood in {n.name for n in covering}:
        return postcode, user.neighbourhood
    return postcode, (covering[0].name if len(covering) == 1 else "")


def _log_data(event):
    return {
        "event": event.pk,
        "method": event.method,
        "area": event.area,
        "note": event.note,
    }


def _record_verification(user, *, method, actor, verified_by=None, area_fields=None, area="",
                         note=""):
    # Lock the row so that a desk check and a revocation arriving together end in the state
    # of the last event recorded.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    update_fields = [
        "is_verified_resident",
        "resident_verified_at",
        "resident_verified_by",
        "resident_verification_method",
    ]
    user.is_verified_resident = True
    user.resident_verified_at = timezone.now()
    user.resident_verified_by = verified_by
    user.resident_verification_method = method
    if area_fields is not None:
        user.postcode, user.neighbourhood = area_fields
        update_fields += ["postcode", "neighbourhood"]
    user.save(update_fields=update_fields)
    event = ResidentVerificationEvent.objects.create(
        user=user,
        action=ResidentVerificationEvent.Action.VERIFIED,
        method=method,
        actor=actor,
        at=user.resident_verified_at,
        area=area,
        note=note[:500],
    )
    log(user, LOG_VERIFIED, user=actor, data=_log_data(event))
    return user


def generate_code_batch(*, created_by, neighbourhood=None, postcode="", size, valid_days, note=""):
    """Create a batch of single-use letter codes for a neighbourhood or a postcode.

    Returns (batch, codes), codes being the clear codes formatted "ABCD-EFGH-JKLM": they are
    not stored and cannot be shown again. Needs the verify_resident permission (PermissionDenied);
    raises ValidationError for a missing or double area, a size over 5000 or a bad validity.
    """
    _check_staff(created_by)
    postcode = clean_postcode(postcode)
    if (neighbourhood is None) == (not postcode):
        raise ValidationError(
            _("Choose a neighbourhood or enter a postcode, not both."), code="area"
        )
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise ValidationError(
            _("A batch holds from 1 to %(max)s codes.") % {"max": MAX_BATCH_SIZE}, code="size"
        )
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(
            _("Codes stay valid from 1 to %(max)s days.") % {"max": MAX_VALID_DAYS}, code="validity"
        )
    clear_codes = set()
    while len(clear_codes) < size:
        clear_codes.add(codes.new_code(CODE_LENGTH))
    clear_codes = list(clear_codes)
    batch = ResidentCodeBatch(
        neighbourhood=neighbourhood,
        postcode=postcode,
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=valid_days),
        size=size,
        note=note.strip(),
    )
    batch.full_clean()
    with transaction.atomic():
        batch.save()
        ResidentCode.objects.bulk_create(
            [ResidentCode(batch=batch, code_hash=code_hash(code)) for code in clear_codes],
            batch_size=1000,
        )
        log(
            batch,
            LOG_CODES_GENERATED,
            user=created_by,
            data={"size": size, "area": batch.area, "expires_at": batch.expires_at.isoformat()},
        )
    return batch, [codes.grouped(code) for code in clear_codes]


def redeem_resident_code(user, *, code):
    """Verify the signed-in user as a resident of the area of a letter code, and use up the code.

    The user's postcode or neighbourhood is set from the batch. Raises PermissionDenied for an
    anonymous user, RateLimited (a ValidationError) after 5 attempts in an hour, and
    ValidationError for an unknown, expired or already used code. Returns the user.
    """
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to enter your code."))
    _check_account(user)
    # Counted before the transaction: with the database cache, a rollback after a wrong code
    # would also roll back the attempt counter.
    try:
        ratelimits.consume(user, "resident_code")
    except ratelimits.RateLimited:
        raise ratelimits.RateLimited(
            _("Too many attempts. For your security, wait an hour before entering a code again."),
            code="rate_limited",
        ) from None
    normalised = codes.normalised(code or "")
    unknown = ValidationError(
        _("This code is not valid. Check that you typed it as printed on your letter."),
        code="unknown_code",
    )
    if not codes.is_well_formed(normalised, CODE_LENGTH):
        raise unknown
    with transaction.atomic():
        resident_code = (
            ResidentCode.objects.select_for_update()
            .filter(code_hash__in=_candidate_hashes(normalised))
            .first()
        )
        if resident_code is None:
            raise unknown
        if resident_code.used_at is not None:
            if resident_code.used_by_id == user.pk:
                raise ValidationError(_("You have already used this code."), code="used_code")
            raise ValidationError(
                _("This code has already been used. Each code can be used only once; contact "
                  "us if you did not use it yourself."),
                code="used_code",
            )
        batch = resident_code.batch
        if batch.is_expired:
            raise ValidationError(
                _("This code expired on %(date)s. Ask for a new letter or show proof of "
                  "address at a facility's desk.")
                % {"date": date_format(timezone.localtime(batch.expires_at), "SHORT_DATE_FORMAT")},
                code="expired_code",
            )
        now = timezone.now()
        # The conditional UPDATE is what makes the code single-use on databases without
        # row locks (SQLite ignores select_for_update).
        claimed = ResidentCode.objects.filter(pk=resident_code.pk, used_at__isnull=True).update(
            used_at=now, used_by=user
        )
        if not claimed:
            raise ValidationError(_("This code has already been used."), code="used_code")
        return _record_verification(
            user,
            method=User.VerificationMethod.LETTER_CODE,
            actor=user,
            area_fields=_verified_area(
                user, neighbourhood=batch.neighbourhood, postcode=batch.postcode
            ),
            area=batch.area,
        )


def verify_at_desk(user, *, staff, postcode="", neighbourhood="", note=""):
    """Mark an account verified after staff saw a proof of address in person.

    `neighbourhood` is a Neighbourhood or its name; at least a postcode or a neighbourhood is
    required. Needs the verify_resident permission and another account than the staff's own
    (PermissionDenied); raises ValidationError for a bad postcode, an unknown neighbourhood or a
    closed account. Returns the user.
    """
    _check_staff(staff, user)
    _check_account(user)
    postcode = clean_postcode(postcode)
    if isinstance(neighbourhood, str) and neighbourhood.strip():
        neighbourhood = Neighbourhood.objects.filter(name=neighbourhood.strip()).first()
        if neighbourhood is None:
            raise ValidationError(_("This neighbourhood does not exist."), code="neighbourhood")
    neighbourhood = neighbourhood or None
    if neighbourhood is None and not postcode:
        raise ValidationError(
            _("Enter the postcode or the neighbourhood shown on the proof of address."),
            code="area",
        )
    with transaction.atomic():
        return _record_verification(
            user,
            method=User.VerificationMethod.DESK,
            actor=staff,
            verified_by=staff,
            area_fields=_verified_area(user, neighbourhood=neighbourhood, postcode=postcode),
            area=neighbourhood.name if neighbourhood else postcode,
            note=note.strip(),
        )


def verify_by_identity_provider(user, *, provider_id):
    """Mark an account verified after a login through a trusted OIDC provider.

    Does nothing for an account that is already verified, or whose status staff revoked since
    its last verification. Raises PermissionDenied for a provider that settings do not mark as
    trusted. Returns the user.
    """
    if not is_trusted_identity_provider(provider_id):
        raise PermissionDenied(_("This identity provider does not verify residents."))
    if user.is_verified_resident or user.deleted_at or not user.is_active:
        return user
    last_event = user.resident_verification_events.order_by("-at", "-id").first()
    if last_event is not None and last_event.action == ResidentVerificationEvent.Action.REVOKED:
        return user
    with transaction.atomic():
        return _record_verification(
            user,
            method=User.VerificationMethod.IDENTITY_PROVIDER,
            actor=user,
            note=provider_id,
        )


def revoke_verification(user, *, staff, reason):
    """Withdraw the verified-resident status of an account, with the reason.

    The postcode and neighbourhood stay in the profile. Needs the verify_resident permission and
    another account than the staff's own (PermissionDenied); raises ValidationError without a
    reason or when the account is not verified. Returns the user.
    """
    _check_staff(staff, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the revocation."), code="reason")
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        if not current.is_verified_resident:
            raise ValidationError(
                _("This account is not a verified resident."), code="not_verified"
            )
        method = current.resident_verification_method
        user.is_verified_resident = False
        user.resident_verified_at = None
        user.resident_verified_by = None
        user.resident_verification_method = ""
        user.save(
            update_fields=[
                "is_verified_resident",
                "resident_verified_at",
                "resident_verified_by",
                "resident_verification_method",
            ]
        )
        event = ResidentVerificationEvent.objects.create(
            user=user,
            action=ResidentVerificationEvent.Action.REVOKED,
            method=method,
            actor=staff,
            area=current.neighbourhood or current.postcode,
            note=reason[:500],
        )
        log(user, LOG_REVOKED, user=staff, data=_log_data(event))
    return user
