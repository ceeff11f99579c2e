"""What a business financing campaign's page and its holder read of expressions of interest: how
many people and how much in total (one aggregate query, kept with the page under the campaign's
version, reads.tally_version_key), the reader's own, and the list the holder downloads."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from . import permissions
from .interest_forms import InterestForm
from .models import InterestExpression


@dataclass(frozen=True)
class InterestSummary:
    people: int
    total_cents: int


def interest_summary(campaign):
    figures = InterestExpression.objects.filter(campaign=campaign).aggregate(
        people=Count("pk"), total=Sum("amount_cents")
    )
    return InterestSummary(people=figures["people"], total_cents=figures["total"] or 0)


def interested_people(campaign):
    """The expressions of interest with their account, oldest first, read as a stream."""
    return (
        InterestExpression.objects.filter(campaign=campaign)
        .select_related("user").order_by("created_at", "pk").iterator(chunk_size=500)
    )


def interest_context(request, campaign):
    """The equity section's context: the figures for everyone; for a signed-in reader, what they
    stated and the form to state or change it; the download for the holder and staff."""
    user = request.user
    decision = permissions.can_express_interest(user, campaign)
    mine = None
    if user.is_authenticated:
        mine = InterestExpression.objects.filter(campaign=campaign, user=user).first()
    return {
        "interest": interest_summary(campaign),
        "interest_decision": decision,
        "my_interest": mine,
        "interest_form": InterestForm(initial={"amount": _as_text(mine.amount_cents)} if mine else None)
        if decision else None,
        "can_download_interest": bool(permissions.can_download_interest(user, campaign)),
    }


def _as_text(cents):
    return f"{cents // 100}" if cents % 100 == 0 else f"{cents // 100},{cents % 100:02d}"
