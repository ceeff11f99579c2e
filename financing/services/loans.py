"""Repaying solidarity loans: the holder records that an instalment of the schedule was paid.

Rules:
- who records: the campaign's holder and its staff (permissions.can_manage_campaign);
- a loan campaign only, once it has succeeded and its pledges were collected (settled);
- the schedule must add up to 100 % (CampaignPage.clean_loan_schedule) and instalments are
  recorded in their order;
- one Repayment row per lender (the campaign's collected pledges and its desk pledges) with the
  lender's share (loan_shares.py: rounded down to the cent on the amount reached so far, so the
  last instalment repays every loan exactly);
- an instalment is recorded once: its row is locked while it is checked and recorded, and the
  database's `instalment_repaid_once_per_loan` refuses a second row for a lender;
- the date of the repayment is not in the future;
- each lender with an account is emailed, once the transaction commits, what this instalment
  repaid them, what was repaid so far and what remains, under the "campaign_updates" preference
  (a loan's repayments are news of a campaign they back).
Refusals raise PermissionDenied or ValidationError and record nothing.
"""

from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.models import User
from consultations.services.notifications import queue_notifications

from .. import permissions
from ..loan_shares import steps
from ..models import CampaignPage, LoanInstalment, Pledge, Repayment
from ..models.campaigns import Category

# A loan is repaid to those whose money was taken: online pledges once collected, desk pledges.
LENDING = (Pledge.Status.COLLECTED, Pledge.Status.OFFLINE)


def _already_recorded(instalment):
    return ValidationError(
        _("The instalment of %(date)s has already been recorded: an instalment is recorded only once.")
        % {"date": date_format(instalment.due_on, "SHORT_DATE_FORMAT")},
        code="already_recorded",
    )


def _check_campaign(campaign):
    if campaign.category != Category.LOAN:
        raise ValidationError(_("Only solidarity loans have repayments."), code="not_loan")
    tally = getattr(campaign, "tally", None)
    if tally is None or tally.outcome != "succeeded" or tally.settled_at is None:
        raise ValidationError(
            _("Repayments are recorded once the campaign has succeeded and the loans were collected."),
            code="not_collected",
        )


def record_repayment(instalment, user, *, paid_on):
    """Record that `instalment` was repaid on `paid_on`: one Repayment per lender with their share.
    Returns the repayments. Raises PermissionDenied (who) or ValidationError (when, twice)."""
    campaign = CampaignPage.objects.select_related("tally").get(pk=instalment.campaign_id)
    if not (decision := permissions.can_manage_campaign(user, campaign)):
        raise PermissionDenied(decision.reason)
    _check_campaign(campaign)
    if paid_on > timezone.localdate():
        raise ValidationError(_("The date of the repayment cannot be in the future."), code="paid_on")
    with transaction.atomic():
        locked = LoanInstalment.objects.select_for_update().get(pk=instalment.pk)
        if Repayment.objects.filter(instalment=locked).exists():
            raise _already_recorded(locked)
        schedule = list(LoanInstalment.objects.filter(campaign_id=campaign.pk))
        if (problem := campaign.clean_loan_schedule(schedule)) is not None:
            raise ValidationError(problem, code="schedule")
        ordered = steps(schedule)
        position = next(index for index, step in enumerate(ordered) if step.instalment.pk == locked.pk)
        earlier = [step.instalment.pk for step in ordered[:position]]
        recorded = set(Repayment.objects.filter(instalment_id__in=earlier).values_list("instalment_id", flat=True))
        if missing := [step.instalment for step in ordered[:position] if step.instalment.pk not in recorded]:
            raise ValidationError(
                _("Record the instalment of %(date)s first: instalments are recorded in their order.")
                % {"date": date_format(missing[0].due_on, "SHORT_DATE_FORMAT")},
                code="order",
            )
        step = ordered[position]
        lenders = list(Pledge.objects.filter(campaign_id=campaign.pk, status__in=LENDING).order_by("pk"))
        rows = [
            Repayment(pledge=pledge, instalment=locked, amount_cents=share, paid_on=paid_on, recorded_by=user)
            for pledge in lenders
            if (share := step.share_of(pledge.amount_cents)) > 0
        ]
        if not rows:
            raise ValidationError(_("This campaign has no lender to repay."), code="no_lender")
        try:
            with transaction.atomic():
                Repayment.objects.bulk_create(rows)
        except IntegrityError:
            raise _already_recorded(locked) from None
        _notify_lenders(campaign, lenders, rows)
    return rows


def _notify_lenders(campaign, lenders, rows):
    """Queue one email per lender with an account (a lender may hold several pledges): this
    instalment's share, and over the campaign what was lent, repaid so far and what remains.
    `lenders` are the campaign's lending pledges, already read by the recording."""
    now, lent = Counter(), Counter()
    for row in rows:
        if row.pledge.backer_id is not None:
            now[row.pledge.backer_id] += row.amount_cents
    if not now:
        return
    for pledge in lenders:
        if pledge.backer_id in now:
            lent[pledge.backer_id] += pledge.amount_cents
    repaid = dict(
        Repayment.objects.filter(pledge__campaign_id=campaign.pk, pledge__backer_id__in=now)
        .values("pledge__backer_id").annotate(total=Sum("amount_cents"))
        .values_list("pledge__backer_id", "total")
    )
    paid_on = rows[0].paid_on
    with translation.override(settings.LANGUAGE_CODE):
        queue_notifications(
            User.objects.filter(pk__in=now),
            kind="campaign_updates",
            page=campaign,
            subject=_("“%(campaign)s” has repaid part of your loan") % {"campaign": campaign.title},
            template="financing/email/loan_repayment.txt",
            context={"campaign": campaign, "paid_on": paid_on},
            url=reverse("financing:my_pledges"),
            context_of={
                backer_id: {
                    "amount_cents": amount,
                    "repaid_cents": repaid.get(backer_id, 0),
                    "lent_cents": lent[backer_id],
                    "remaining_cents": lent[backer_id] - repaid.get(backer_id, 0),
                }
                for backer_id, amount in now.items()
            },
        )
