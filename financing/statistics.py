"""A site's public statistics of participatory financing: what its campaigns raised, how many
people backed them and how many succeeded, overall, by kind of financing and by year.

- The campaigns counted are those the listing shows: live (published), public, under the site's
  « Financement participatif » page.
- A campaign is counted in the year of its deadline.
- Success rate: succeeded out of settled (succeeded or failed); a campaign not settled yet counts
  in neither, so a live campaign does not lower it. Business financing is left out of it: the
  licensed platform runs the offer, and the portal does not know whether it succeeded.
- Raised: what was collected, pledged and matched apart, from the tallies of campaigns whose
  pledges were collected (succeeded, or a donation that keeps what it raises); what live
  campaigns have gathered so far is given apart.
- Backers: distinct accounts with a pledge that counted (or counted until a failed campaign
  released it), plus each desk pledge, as the tally counts them: a person who backed two
  campaigns is one backer overall, and one in each of their categories and years.

Two queries whatever the number of campaigns: one groups the tallies, one the backers. The page
is kept with the listing's version (reads.LISTING_VERSION_KEY), which every change of a tally
bumps (services/tally.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from consultations.charts import bar_chart, stacked_bar_chart
from consultations.templatetags.participation_tags import percent

from .models import CampaignPage, Pledge
from .models.campaigns import Category
from .reads import State
from .templatetags.financing_tags import cents_as_euros

# The pledges whose backers are counted: those the campaign counted, and those a failed campaign
# released after counting them.
BACKED = (*Pledge.COUNTED, Pledge.Status.RELEASED)


@dataclass
class Figures:
    campaigns: int = 0
    ongoing: int = 0  # not settled yet
    succeeded: int = 0
    failed: int = 0
    pledged_cents: int = 0
    matched_cents: int = 0
    live_raised_cents: int = 0
    backers: int = 0

    @property
    def settled(self):
        return self.succeeded + self.failed

    @property
    def raised_cents(self):
        return self.pledged_cents + self.matched_cents

    @property
    def success_rate(self):
        """Succeeded out of settled, as an exact fraction; None before any campaign is settled."""
        return Fraction(self.succeeded, self.settled) if self.settled else None

    def add(self, other):
        for name in ("campaigns", "ongoing", "succeeded", "failed", "pledged_cents", "matched_cents", "live_raised_cents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Statistics:
    total: Figures
    by_category: list = field(default_factory=list)  # [(value, label, Figures)] in Category's order
    by_year: list = field(default_factory=list)  # [(year, Figures)], oldest first

    @property
    def has_business_financing(self):
        return any(value == Category.EQUITY for value, _label, _figures in self.by_category)


def _collected():
    return Q(tally__outcome=State.SUCCEEDED) | Q(tally__outcome=State.FAILED, keep_what_is_raised=True)


def site_statistics(index_page):
    """The statistics of the campaigns under `index_page` (a CampaignIndexPage)."""
    campaigns = CampaignPage.objects.live().public().child_of(index_page)
    settled = Q(tally__outcome__in=[State.SUCCEEDED, State.FAILED])
    business = Q(category=Category.EQUITY)
    rows = (
        campaigns.annotate(year=ExtractYear("deadline"))
        .values("category", "year")
        .annotate(
            n=Count("pk"),
            succeeded=Count("pk", filter=Q(tally__outcome=State.SUCCEEDED) & ~business),
            failed=Count("pk", filter=Q(tally__outcome=State.FAILED) & ~business),
            ongoing=Count("pk", filter=~settled),
            pledged=Coalesce(Sum("tally__pledged_cents", filter=_collected()), 0),
            matched=Coalesce(Sum("tally__matched_cents", filter=_collected()), 0),
            live=Coalesce(Sum("tally__pledged_cents", filter=~settled), 0)
            + Coalesce(Sum("tally__matched_cents", filter=~settled), 0),
        )
        .order_by()
    )
    total, categories, years = Figures(), defaultdict(Figures), defaultdict(Figures)
    for row in rows:
        figures = Figures(
            campaigns=row["n"], ongoing=row["ongoing"], succeeded=row["succeeded"], failed=row["failed"],
            pledged_cents=row["pledged"], matched_cents=row["matched"], live_raised_cents=row["live"],
        )
        for bucket in (total, categories[row["category"]], years[row["year"]]):
            bucket.add(figures)
    _count_backers(campaigns, total, categories, years)
    return Statistics(
        total=total,
        by_category=[(value, label, categories[value]) for value, label in Category.choices if value in categories],
        by_year=sorted(years.items()),
    )


def _count_backers(campaigns, total, categories, years):
    """Distinct accounts per category, per year and overall, plus each desk pledge: one query whose
    rows are (category, year, account) with the number of desk pledges where there is no account."""
    rows = (
        Pledge.objects.filter(campaign__in=campaigns.values("pk"), status__in=BACKED)
        .annotate(year=ExtractYear("campaign__deadline"))
        .values("campaign__category", "year", "backer_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    accounts = defaultdict(set)
    desk = defaultdict(int)
    for row in rows:
        keys = ("total", ("category", row["campaign__category"]), ("year", row["year"]))
        for key in keys:
            if row["backer_id"] is None:
                desk[key] += row["n"]
            else:
                accounts[key].add(row["backer_id"])
    total.backers = len(accounts["total"]) + desk["total"]
    for value, figures in categories.items():
        figures.backers = len(accounts["category", value]) + desk["category", value]
    for year, figures in years.items():
        figures.backers = len(accounts["year", year]) + desk["year", year]


@dataclass
class Row:
    """A line of a statistics table: its heading and its figures, written for the reader."""

    label: str
    figures: Figures
    success_rate: str


def rows_of(statistics):
    """(category rows, year rows) with each success rate written the reader's way."""

    def row(label, figures):
        rate = figures.success_rate
        return Row(str(label), figures, percent(rate) if rate is not None else "—")

    return (
        [row(label, figures) for _value, label, figures in statistics.by_category],
        [row(year, figures) for year, figures in statistics.by_year],
    )


def charts_of(statistics):
    """The page's charts (consultations/charts.py): campaigns succeeded and failed, and money
    raised, by kind of financing and by year."""
    outcomes = [(State.SUCCEEDED, _("Succeeded")), (State.FAILED, _("Failed"))]

    def outcome_rows(entries):
        return [(label, {State.SUCCEEDED: f.succeeded, State.FAILED: f.failed}) for label, f in entries if f.settled]

    def raised(title, entries, header):
        return bar_chart(
            title, "", [(label, f.raised_cents) for label, f in entries],
            value_format=cents_as_euros, headers=[header, _("Raised (pledged and matched)")],
        )

    categories = [(label, figures) for _value, label, figures in statistics.by_category]
    years = [(str(year), figures) for year, figures in statistics.by_year]
    return [
        stacked_bar_chart(
            _("Settled campaigns by kind of financing"), "", outcome_rows(categories), outcomes,
            headers=[_("Kind of financing")],
        ),
        raised(_("Money raised by kind of financing"), categories, _("Kind of financing")),
        stacked_bar_chart(
            _("Settled campaigns by year of their deadline"), "", outcome_rows(years), outcomes, headers=[_("Year")],
        ),
        raised(_("Money raised by year of the deadline"), years, _("Year")),
    ]
