"""The public company's accounting of its sites' campaigns: per campaign and per payment provider
(django-payments' `Payment.variant`; pledges recorded at a desk under `DESK`), what was pledged and
where the money stands.

Rules:
- the counted pledges are those the campaign's tally counts: counting now (authorised, collected,
  recorded at a desk) or counted until the campaign failed (released). Their amounts add up to
  the tally's `pledged_cents`;
- authorised: held on the backer's card until the deadline; collected: captured, or handed in at
  a desk of a campaign that did not fail; released: an authorisation let go (a failed campaign, a
  cancelled pledge) by a provider that only authorises; refunded: money charged at once and paid
  back (providers that cannot authorise alone), and desk money of a failed campaign, which the
  desk hands back. Which of the two is what the payment recorded when it was given back
  (`Payment.given_back`); for payments given back before it was recorded, the provider's
  `capture` setting decides;
- the matching granted is that of the counted pledges of campaigns that did not fail (it adds up
  to the tally's `matched_cents`); a failed campaign's matching went back to the site's envelope
  (a failed donation that keeps what it raised keeps its matching and its desk money);
- a year keeps the pledges made that year (the matching envelope's year);
- one query for the figures, whatever the number of pledges; rows are read as a stream, grouped
  by the database, so that memory grows with campaigns and providers, never with pledges.
"""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Sum, Value, When
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from payments import PaymentStatus
from payments.core import provider_factory

from .models import CampaignIndexPage, Payment, Pledge

DESK = "desk"
FAILED = "failed"

# Pledges the tally counts, and those whose money moved at all (a pledge cancelled while its payment
# was held or charged).
TALLIED = (*Pledge.COUNTED, Pledge.Status.RELEASED)
GIVEN_BACK = (Pledge.Status.RELEASED, Pledge.Status.CANCELLED)

COLUMNS = {
    "pledges": pgettext_lazy("accounting column", "Counted pledges"),
    "pledged_cents": pgettext_lazy("accounting column", "Pledged"),
    "authorised_cents": pgettext_lazy("accounting column", "Authorised"),
    "collected_cents": pgettext_lazy("accounting column", "Collected"),
    "released_cents": pgettext_lazy("accounting column", "Released"),
    "refunded_cents": pgettext_lazy("accounting column", "Refunded"),
    "matched_cents": pgettext_lazy("accounting column", "Matching granted"),
}
AMOUNTS = [name for name in COLUMNS if name.endswith("_cents")]


def provider_label(variant):
    if variant == DESK:
        return _("desk (cash or cheque)")
    # Pledges written without a payment (imported, or the demo's): counted, but by no provider.
    return variant or _("no payment recorded")


def charges_at_once(variant):
    """Whether the variant's provider charges when the backer pays (django-payments' `capture`
    option): what it gives back is then refunded, not released."""
    try:
        return getattr(provider_factory(variant), "_capture", True)
    except (KeyError, ValueError):
        return True


@dataclass
class Row:
    campaign_id: int
    title: str
    site_name: str
    provider: str
    pledges: int = 0
    pledged_cents: int = 0
    authorised_cents: int = 0
    collected_cents: int = 0
    released_cents: int = 0
    refunded_cents: int = 0
    matched_cents: int = 0

    @property
    def provider_label(self):
        return provider_label(self.provider)

    def amounts(self):
        return [getattr(self, name) for name in AMOUNTS]


@dataclass
class Totals:
    pledges: int = 0
    cents: dict = field(default_factory=lambda: dict.fromkeys(AMOUNTS, 0))

    def add(self, row):
        self.pledges += row.pledges
        for name in AMOUNTS:
            self.cents[name] += getattr(row, name)

    def amounts(self):
        return [self.cents[name] for name in AMOUNTS]


def accounting_sites(user, sites):
    """The sites among `sites` whose accounting `user` reads (permissions.can_read_accounting)."""
    from .permissions import can_read_accounting

    indexes = list(CampaignIndexPage.objects.only("path", "depth"))
    return [site for site in sites if can_read_accounting(user, site, indexes=indexes)]


def _site_condition(sites):
    condition = Q()
    for site in sites:
        condition |= Q(campaign__path__startswith=site.root_page.path)
    return condition


def _of_latest_payment(name, *, offline):
    """`name` of the pledge's latest payment; `offline` for a pledge recorded at a desk, which has
    none."""
    latest = Subquery(Payment.objects.filter(pledge=OuterRef("pk")).order_by("-pk").values(name)[:1])
    return Case(When(status=Pledge.Status.OFFLINE, then=Value(offline)), default=latest, output_field=CharField())


def _grouped(sites, year):
    pledges = Pledge.objects.filter(_site_condition(sites)) if sites else Pledge.objects.none()
    if year:
        pledges = pledges.filter(created_at__year=year)
    return (
        pledges.annotate(
            provider=_of_latest_payment("variant", offline=DESK),
            payment_status=_of_latest_payment("status", offline=""),
            given_back=_of_latest_payment("given_back", offline=""),
        )
        .values(
            "campaign_id", "campaign__title", "campaign__path", "campaign__tally__outcome",
            "campaign__keep_what_is_raised",
            "provider", "status", "payment_status", "given_back",
        )
        .annotate(n=Count("pk"), amount=Sum("amount_cents"), matched=Sum("matched_cents"))
        .order_by("campaign__path", "campaign_id", "provider", "status", "payment_status", "given_back")
    )


def _add(row, group, at_once):
    status, amount = group["status"], group["amount"]
    # A failed campaign gives its pledges back, unless it is a donation that keeps what it raised.
    failed = group["campaign__tally__outcome"] == FAILED and not group["campaign__keep_what_is_raised"]
    if status in TALLIED:
        row.pledges += group["n"]
        row.pledged_cents += amount
        if not failed:
            row.matched_cents += group["matched"]
    if status == Pledge.Status.AUTHORISED:
        row.authorised_cents += amount
    elif status == Pledge.Status.COLLECTED or (status == Pledge.Status.OFFLINE and not failed):
        row.collected_cents += amount
    elif status == Pledge.Status.OFFLINE:
        row.refunded_cents += amount
    elif status in GIVEN_BACK and group["payment_status"] == PaymentStatus.REFUNDED:
        given_back = group["given_back"]
        if given_back == Payment.GivenBack.REFUNDED or (not given_back and at_once(row.provider)):
            row.refunded_cents += amount
        else:
            row.released_cents += amount


def accounting_rows(sites, *, year=None):
    """Yield a Row per campaign and provider of `sites` (pledges of `year` only, when given),
    campaigns in tree order; a campaign without a pledge has none. One query."""
    site_of = sorted(((site.root_page.path, site.site_name or site.hostname) for site in sites), key=lambda s: -len(s[0]))
    at_once = {}

    def provider_charges_at_once(variant):
        if variant not in at_once:
            at_once[variant] = variant != DESK and charges_at_once(variant)
        return at_once[variant]

    row = None
    for group in _grouped(sites, year).iterator(chunk_size=500):
        key = (group["campaign_id"], group["provider"] or "")
        if row is None or (row.campaign_id, row.provider) != key:
            if row is not None:
                yield row
            path = group["campaign__path"]
            row = Row(
                campaign_id=key[0], title=group["campaign__title"], provider=key[1],
                site_name=next((name for root, name in site_of if path.startswith(root)), ""),
            )
        _add(row, group, provider_charges_at_once)
    if row is not None:
        yield row


def accounting_years(sites):
    """The years with pledges on `sites`' campaigns, latest first."""
    if not sites:
        return []
    dates = Pledge.objects.filter(_site_condition(sites)).dates("created_at", "year", order="DESC")
    return [day.year for day in dates]

