"""Pledges: money a backer promises a campaign, in whole cents.

A pledge counts towards the campaign from the moment its payment is authorised (or, offline, from
when staff record it) until it is cancelled, released or fails. `CampaignTally` holds the running
totals, one row per campaign, locked by every change: the goal's crossing and the matching stay
exact when pledges arrive together.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PledgeQuerySet(models.QuerySet):
    def counted(self, campaign):
        """The pledges that count towards `campaign` (a page or its pk): what its tally adds up."""
        return self.filter(campaign_id=getattr(campaign, "pk", campaign), status__in=Pledge.COUNTED)


class Pledge(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        AUTHORISED = "authorised", _("Authorised")  # all-or-nothing: captured if the goal is reached
        COLLECTED = "collected", _("Collected")
        OFFLINE = "offline", _("Recorded at a desk")
        CANCELLED = "cancelled", _("Cancelled")
        RELEASED = "released", _("Released")  # the campaign failed: the authorisation is let go
        FAILED = "failed", _("Payment failed")

    # The statuses in which a pledge counts towards its campaign.
    COUNTED = (Status.AUTHORISED, Status.COLLECTED, Status.OFFLINE)
    # A reward is held from the pledge until its payment fails or it is cancelled: nobody else can
    # take it while its backer is paying.
    HOLDING_A_REWARD = (Status.AWAITING_PAYMENT, *COUNTED)

    campaign = models.ForeignKey("financing.CampaignPage", on_delete=models.PROTECT, related_name="pledges")
    backer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges",
    )
    # Offline pledges: the backer's name as given at the desk, and who recorded it.
    backer_name = models.CharField(_("backer's name"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    matched_cents = models.PositiveBigIntegerField(_("matched by the public company (cents)"), default=0)
    tier = models.ForeignKey(
        "financing.RewardTier", null=True, blank=True, on_delete=models.PROTECT, related_name="pledges",
        verbose_name=_("reward"),
    )
    public = models.BooleanField(_("shown by name"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    # The form's one-time token: a double click or a resent form finds the pledge it created.
    request_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("pledged on"), auto_now_add=True)
    changed_at = models.DateTimeField(_("last changed on"), auto_now=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        indexes = [
            models.Index(fields=["campaign", "status"], name="pledge_by_campaign_status"),
            models.Index(fields=["backer", "-created_at"], name="pledge_by_backer"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=Q(backer__isnull=False) | Q(status="offline"), name="pledge_online_has_backer"
            ),
            models.CheckConstraint(
                condition=~Q(status="offline") | Q(recorded_by__isnull=False), name="pledge_offline_recorded_by"
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}: {self.amount_cents / 100:.2f} € ({self.status})"


class CampaignTally(models.Model):
    """The campaign's counted pledges: what they total, what the public company matched, how many
    backers. Changed only by services/pledges.py, under a lock of this row."""

    campaign = models.OneToOneField("financing.CampaignPage", on_delete=models.CASCADE, related_name="tally")
    pledged_cents = models.PositiveBigIntegerField(default=0)
    matched_cents = models.PositiveBigIntegerField(default=0)
    backers = models.PositiveIntegerField(default=0)
    # Set when the campaign's deadline has been dealt with (services/settlement).
    outcome = models.CharField(
        max_length=20, blank=True,
        choices=[("succeeded", _("Succeeded")), ("failed", _("Failed"))],
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    # Set by the holder once the rewards are delivered or the loans repaid: the end of the life cycle.
    fulfilled_at = models.DateTimeField(_("rewards delivered or loans repaid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign tally")
        verbose_name_plural = _("campaign tallies")

    @property
    def raised_cents(self):
        return self.pledged_cents + self.matched_cents
