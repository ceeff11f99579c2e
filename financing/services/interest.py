"""Expressions of interest in business financing (EU regulation 2020/1503): the portal records who
considers investing and how much, nothing more; the offer is run by the licensed platform.

Rules:
- who and when: permissions.can_express_interest (a signed-in, active, unsanctioned account; an
  equity campaign, live, before its deadline);
- one expression per account and campaign: stating it again changes its amount;
- the amount is whole cents, from 1 € to INTEREST_MAXIMUM_CENTS;
- withdrawing deletes it; after the deadline nothing changes any more (the holder follows up);
- the campaign page shows how many people are interested and the total they consider: every
  change bumps the campaign's version (reads.tally_version_key) in its transaction.
Refusals raise ValidationError or PermissionDenied, with nothing recorded.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from freshness.versions import bump

from .. import permissions
from ..models import InterestExpression
from ..reads import tally_version_key
from .pledges import euros

INTEREST_MINIMUM_CENTS = 100
# Beyond 100 000 €, a person talks to the holder and the platform, not to a form; the regulation
# caps a whole offer at 5 million euros.
INTEREST_MAXIMUM_CENTS = 10_000_000


def _check_amount(amount_cents):
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError(_("Enter an amount in euros greater than zero."), code="amount")
    if amount_cents < INTEREST_MINIMUM_CENTS:
        raise ValidationError(
            _("The smallest amount is %(amount)s €.") % {"amount": euros(INTEREST_MINIMUM_CENTS)}, code="minimum"
        )
    if amount_cents > INTEREST_MAXIMUM_CENTS:
        raise ValidationError(
            _("The largest amount here is %(amount)s €: for more, contact the holder and the platform.")
            % {"amount": euros(INTEREST_MAXIMUM_CENTS)},
            code="maximum",
        )


def express_interest(campaign, user, *, amount_cents):
    """Record (or change) the amount `user` considers investing in `campaign`. Returns the
    expression. Raises PermissionDenied (who, when) or ValidationError (amount)."""
    if not (decision := permissions.can_express_interest(user, campaign)):
        raise PermissionDenied(decision.reason)
    _check_amount(amount_cents)
    with transaction.atomic():
        try:
            with transaction.atomic():
                expression, created = InterestExpression.objects.select_for_update().get_or_create(
                    campaign=campaign, user=user, defaults={"amount_cents": amount_cents}
                )
        except IntegrityError:
            # The same account's two forms at once: the first made the row, this one changes it.
            expression, created = InterestExpression.objects.select_for_update().get(campaign=campaign, user=user), False
        if not created and expression.amount_cents != amount_cents:
            expression.amount_cents = amount_cents
            expression.full_clean()
            expression.save(update_fields=["amount_cents", "changed_at"])
        bump(tally_version_key(campaign.pk))
    return expression


def withdraw_interest(campaign, user):
    """Delete `user`'s expression of interest in `campaign`, while the campaign collects them.
    Returns whether there was one. Raises PermissionDenied."""
    if not (decision := permissions.can_express_interest(user, campaign)):
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        deleted, _rows = InterestExpression.objects.filter(campaign=campaign, user=user).delete()
        if deleted:
            bump(tally_version_key(campaign.pk))
    return bool(deleted)
