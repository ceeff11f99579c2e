"""Pledging, cancelling, recording a pledge made at a desk, and following its payment.

Rules:
- amounts are whole cents: a positive integer, within the site's smallest and largest pledge, and
  at least the chosen reward's amount; the reward belongs to the campaign and is not sold out;
- who may pledge, cancel or record a desk pledge: financing/permissions.py;
- a limited reward is counted under a lock of its row, against every pledge holding it (awaiting
  payment or counted): simultaneous pledges never sell more than its quantity;
- the form's one-time token makes a resent form or a double click find the pledge it created;
- an online pledge counts from its payment's authorisation (all-or-nothing: captured at the
  deadline if the goal is reached, services/settlement.py) and a failed payment counts nothing;
  an authorisation arriving after the deadline is released, never counted;
- replayed payment status changes change nothing: the pledge's row is locked and its status read
  before anything moves;
- only the pledge's own row is locked, never its campaign's page (`of=("self",)`): a pledge being
  committed holds a key-share lock on the page for its foreign key, and waiting for it while
  holding the tally made concurrent pledges deadlock (tests/financing/test_locks.py).
Refusals raise ValidationError or PermissionDenied, with nothing recorded.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from payments import PaymentStatus

from .. import permissions
from ..models import FinancingSettings, Payment, Pledge, RewardTier
from ..models.campaigns import Category
from .tally import count_pledge, figures_changed, locked_tally, uncount_pledge

AUTHORISED_PAYMENT = (PaymentStatus.PREAUTH, PaymentStatus.CONFIRMED)
FAILED_PAYMENT = (PaymentStatus.REJECTED, PaymentStatus.ERROR)


def euros(cents):
    """Cents as people read euros in the current language: « 25 », « 25,50 »."""
    return number_format(Decimal(cents) / 100, decimal_pos=2 if cents % 100 else 0, force_grouping=True)


def _check_amount(campaign, amount_cents, tier):
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError(_("Enter an amount in euros greater than zero."), code="amount")
    limits = FinancingSettings.for_site(campaign.get_site())
    if amount_cents < limits.minimum_pledge_cents:
        raise ValidationError(
            _("The smallest pledge is %(amount)s €.") % {"amount": euros(limits.minimum_pledge_cents)}, code="minimum"
        )
    if amount_cents > limits.maximum_pledge_cents:
        raise ValidationError(
            _("The largest pledge is %(amount)s €.") % {"amount": euros(limits.maximum_pledge_cents)}, code="maximum"
        )
    if tier is not None:
        if tier.campaign_id != campaign.pk:
            raise ValidationError(_("This reward belongs to another campaign."), code="tier")
        if amount_cents < tier.amount_cents:
            raise ValidationError(
                _("This reward asks for a pledge of at least %(amount)s €.") % {"amount": euros(tier.amount_cents)},
                code="tier_amount",
            )


def _refuse_when_sold_out(tier):
    """`tier` is locked: the pledges holding it cannot change while they are counted."""
    if tier.quantity is not None:
        if tier.pledges.filter(status__in=Pledge.HOLDING_A_REWARD).count() >= tier.quantity:
            raise ValidationError(_("This reward is sold out."), code="sold_out")


def _as_token(token):
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        raise ValidationError(_("This form has expired: please fill it in again."), code="token") from None


def _already_made(token, user):
    existing = Pledge.objects.filter(request_token=token).first()
    if existing is not None and existing.backer_id != user.pk:
        raise PermissionDenied(_("This form has expired: please fill it in again."))
    return existing


def pledge(campaign, user, *, amount_cents, tier=None, public=False, token):
    """Record `user`'s pledge awaiting its payment, and that payment (django-payments, variant
    "default"). The same token again returns the pledge it made. Raises ValidationError (amount,
    reward) or PermissionDenied (who, when)."""
    token = _as_token(token)
    if not (decision := permissions.can_pledge(user, campaign)):
        raise PermissionDenied(decision.reason)
    if (existing := _already_made(token, user)) is not None:
        return existing
    _check_amount(campaign, amount_cents, tier)
    with transaction.atomic():
        if tier is not None:
            tier = RewardTier.objects.select_for_update().get(pk=tier.pk)
            # The same form may have taken the reward while this one waited for the lock.
            if (existing := _already_made(token, user)) is not None:
                return existing
            _refuse_when_sold_out(tier)
        try:
            with transaction.atomic():
                made = Pledge.objects.create(
                    campaign=campaign, backer=user, amount_cents=amount_cents, tier=tier, public=public,
                    request_token=token,
                )
        except IntegrityError:
            # The same form sent at the same moment: the first one made the pledge.
            if (existing := _already_made(token, user)) is not None:
                return existing
            raise
        Payment.objects.create(
            pledge=made, variant="default", total=Decimal(amount_cents) / 100, currency="EUR",
            description=_("Pledge to “%(campaign)s”") % {"campaign": campaign.title},
            billing_email=user.email,
        )
        if tier is not None:
            figures_changed(campaign.pk)  # one reward fewer left
    return made


def _already_recorded(token, staff_user):
    existing = Pledge.objects.filter(request_token=token).first()
    if existing is not None and existing.recorded_by_id != staff_user.pk:
        raise PermissionDenied(_("This form has expired: please fill it in again."))
    return existing


def record_offline_pledge(campaign, staff_user, *, backer_name, amount_cents, tier=None, public=False, token=None):
    """Record cash or a cheque handed in at a desk: counted (and matched) at once, with who
    recorded it, named on the campaign's page when the backer agrees (`public`). Staff only
    (permissions.can_record_offline_pledge). The desk form's `token` again returns the pledge it
    recorded: a double click counts the money once."""
    if not (decision := permissions.can_record_offline_pledge(staff_user, campaign)):
        raise PermissionDenied(decision.reason)
    if (closed := permissions.campaign_closed(campaign)) is not None:
        raise PermissionDenied(closed.reason)
    if campaign.category == Category.EQUITY:
        raise PermissionDenied(permissions.can_pledge(staff_user, campaign).reason)
    token = _as_token(token) if token is not None else uuid.uuid4()
    if (existing := _already_recorded(token, staff_user)) is not None:
        return existing
    backer_name = (backer_name or "").strip()
    if not backer_name:
        raise ValidationError(_("Enter the backer's name."), code="backer_name")
    _check_amount(campaign, amount_cents, tier)
    with transaction.atomic():
        if tier is not None:
            tier = RewardTier.objects.select_for_update().get(pk=tier.pk)
            if (existing := _already_recorded(token, staff_user)) is not None:
                return existing
            _refuse_when_sold_out(tier)
        try:
            with transaction.atomic():
                made = Pledge.objects.create(
                    campaign=campaign, backer_name=backer_name, recorded_by=staff_user, amount_cents=amount_cents,
                    tier=tier, status=Pledge.Status.OFFLINE, public=public, request_token=token,
                )
        except IntegrityError:
            if (existing := _already_recorded(token, staff_user)) is not None:
                return existing
            raise
        made = Pledge.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=made.pk)
        return count_pledge(made, Pledge.Status.OFFLINE, locked_tally(campaign))


def cancel_pledge(pledge, user):
    """The backer takes back their pledge before the deadline: an authorised one stops counting
    (amount, matching and envelope given back) and its authorisation is released; the reward is
    free again. Raises PermissionDenied."""
    with transaction.atomic():
        locked = Pledge.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=pledge.pk)
        if not (decision := permissions.can_cancel_pledge(user, locked)):
            raise PermissionDenied(decision.reason)
        payment = locked.payments.order_by("-pk").first()
        if locked.status == Pledge.Status.AUTHORISED:
            uncount_pledge(locked, Pledge.Status.CANCELLED, locked_tally(locked.campaign))
            if payment is not None:
                let_go(payment)
        else:
            locked.status = Pledge.Status.CANCELLED
            locked.save(update_fields=["status", "changed_at"])
            figures_changed(locked.campaign_id)
            if payment is not None and payment.status in (PaymentStatus.WAITING, PaymentStatus.INPUT):
                payment.cancel()
    return locked


def let_go(payment):
    """Give the backer's money back: an authorisation is released; a payment the provider already
    charged (providers that cannot authorise alone, such as django-payments' Stripe Checkout) is
    refunded. Anything else holds no money. Which of the two happened is kept on the payment for
    the accounts (`given_back`)."""
    if payment.status == PaymentStatus.PREAUTH:
        payment.release()
        given_back = Payment.GivenBack.RELEASED
    elif payment.status == PaymentStatus.CONFIRMED:
        payment.refund()
        given_back = Payment.GivenBack.REFUNDED
    else:
        return
    Payment.objects.filter(pk=payment.pk).update(given_back=given_back)
    payment.given_back = given_back


def follow_payment(payment):
    """Bring the payment's pledge in line with the payment's new status (django-payments'
    `status_changed`): authorised or confirmed → counted; rejected or in error → failed. Only a
    pledge still awaiting its payment moves: a replayed status change finds it moved already."""
    if payment.status not in AUTHORISED_PAYMENT + FAILED_PAYMENT:
        return None
    with transaction.atomic():
        locked = Pledge.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=payment.pledge_id)
        if locked.status != Pledge.Status.AWAITING_PAYMENT:
            return locked
        if payment.status in FAILED_PAYMENT:
            locked.status = Pledge.Status.FAILED
            locked.save(update_fields=["status", "changed_at"])
            figures_changed(locked.campaign_id)
            return locked
        campaign = locked.campaign
        tally = locked_tally(campaign)
        if campaign.deadline <= timezone.now() or tally.outcome:
            locked.status = Pledge.Status.FAILED
            locked.save(update_fields=["status", "changed_at"])
            figures_changed(locked.campaign_id)
            let_go(payment)
            return locked
        return count_pledge(locked, Pledge.Status.AUTHORISED, tally)


def expire_stale_pledges(older_than):
    """Pledges still awaiting payment after `older_than` (a timedelta) fail, freeing their
    reward; their payment is cancelled when it can be. Returns how many expired."""
    cutoff = timezone.now() - older_than
    expired = 0
    stale = Pledge.objects.filter(status=Pledge.Status.AWAITING_PAYMENT, created_at__lt=cutoff)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Pledge.objects.select_for_update().get(pk=pk)
            if locked.status != Pledge.Status.AWAITING_PAYMENT:
                continue
            locked.status = Pledge.Status.FAILED
            locked.save(update_fields=["status", "changed_at"])
            figures_changed(locked.campaign_id)
            for payment in locked.payments.filter(status__in=(PaymentStatus.WAITING, PaymentStatus.INPUT)):
                payment.cancel()
            expired += 1
    return expired
