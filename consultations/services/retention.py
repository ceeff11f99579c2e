"""Retention periods promised by the privacy page, applied by a daily job.

Rules enforced here:
- sign-in history is kept twelve months;
- a citizen account unused for three years is erased (as a self-deletion would), after a warning
  email sent a month before; signing in again in the meantime cancels the deletion;
- staff accounts (staff flag, superuser or member of a group) are never erased for inactivity.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import LoginEvent, User
from .accounts import erase_account

LOGIN_HISTORY_RETENTION = timedelta(days=365)
INACTIVITY_LIMIT = timedelta(days=3 * 365)
WARNING_NOTICE = timedelta(days=30)


def purge_login_history(*, now=None):
    """Delete sign-ins older than the retention period. Returns how many were deleted."""
    now = now or timezone.now()
    deleted, _details = LoginEvent.objects.filter(
        logged_in_at__lt=now - LOGIN_HISTORY_RETENTION
    ).delete()
    return deleted


def _citizens_last_seen_before(moment):
    last_seen = Q(last_login__lt=moment) | Q(last_login__isnull=True, date_joined__lt=moment)
    return User.objects.filter(
        last_seen, deleted_at__isnull=True, is_staff=False, is_superuser=False, groups__isnull=True
    )


def warn_inactive_accounts(*, now=None):
    """Email citizens whose account will be erased in a month. Returns how many were warned."""
    now = now or timezone.now()
    to_warn = _citizens_last_seen_before(now - INACTIVITY_LIMIT + WARNING_NOTICE).filter(
        inactivity_warned_at__isnull=True
    )
    warned = 0
    for user in to_warn.iterator():
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
            transaction.on_commit(lambda email=user.email: _send_warning(email))
        warned += 1
    return warned


def erase_inactive_accounts(*, now=None):
    """Erase accounts that were warned and stayed unused. Returns how many were erased."""
    now = now or timezone.now()
    to_erase = _citizens_last_seen_before(now - INACTIVITY_LIMIT).filter(
        inactivity_warned_at__lte=now - WARNING_NOTICE
    )
    erased = 0
    for user in to_erase.iterator():
        erase_account(user, receipt_template="consultations/email/account_erased_inactive.txt")
        erased += 1
    return erased


def _send_warning(email):
    send_mail(
        subject=_("Your account will be deleted in a month"),
        message=render_to_string(
            "consultations/email/inactivity_warning.txt",
            {"login_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/accounts/login/"},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
