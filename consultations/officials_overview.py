"""What the elected officials' dashboard reads: every live consultation of every site (or of one,
or of one year), with its dates, participation, outcome and the board's decisions, sorted, with
per-site and all-sites totals and the participants month by month.

- Participation figures come from participation.py, the portal's one definition of them.
- A consultation's year is that of its vote's close, or else of its first publication (local time).
- Outcomes are shown once a vote has closed: the top project of an approval, for/against or
  points vote (selectors.vote_results' order), the most supported proposal of a supports vote, and
  for a vote with a budget the number of funded projects and the budget they use
  (budget_results.funding: a few queries each, so only for the FUNDING_LIMIT votes closed last;
  the others link to their results).
- Queries do not grow with the number of consultations, except the bounded funding reads.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from freshness.sites import root_of, site_root_paths

from . import budget_results
from .models import BallotChoice, BoardDecision, ConsultationPage, ImplementationUpdate, Proposal
from .participation import NOBODY, participation_figures, start_of
from .selectors import ProjectResult, result_order

FUNDING_LIMIT = 12
Method = ConsultationPage.VoteMethod
BUDGET_METHODS = (Method.BUDGET, Method.POINTS)
PROJECT_METHODS = (Method.APPROVAL, Method.FOR_AGAINST)

# The columns one may sort by, with their key (ascending); rows tie on the newest first.
SORTS = {
    "title": lambda row: row.consultation.title.lower(),
    "site": lambda row: (row.site_name.lower(), row.consultation.title.lower()),
    "dates": lambda row: row.starts_key,
    "participants": lambda row: row.participation.participants,
    "turnout": lambda row: (row.turnout is not None, row.turnout or 0),
    "ballots": lambda row: row.participation.ballots,
    "decisions": lambda row: (row.decisions.recorded, row.decisions.adopted, row.decisions.done),
}
DEFAULT_SORT = "-dates"


@dataclass(frozen=True)
class Decisions:
    recorded: int = 0
    adopted: int = 0
    done: int = 0


@dataclass
class Outcome:
    """One of: nothing (no vote, or not closed yet: `pending`), a `winner` with its `score`, or a
    budget's `funded` projects and the `used` part of `budget`; `results_url` in every case."""

    pending: bool = False
    winner: str = ""
    score: int = 0
    against: int | None = None
    funded: int | None = None
    used: int = 0
    budget: int = 0
    label: str = ""  # "approvals", "supports", "points"


@dataclass
class Row:
    consultation: object
    site: object
    site_name: str
    url: str
    results_url: str
    participation: object = NOBODY
    outcome: Outcome | None = None
    decisions: Decisions = field(default_factory=Decisions)

    @property
    def turnout(self):
        return self.participation.turnout

    @property
    def starts_key(self):
        start = start_of(self.consultation)
        return start.timestamp() if start else 0

    @property
    def ends_at(self):
        return self.consultation.vote_closes_at or self.consultation.proposals_closes_at


@dataclass
class Total:
    label: str
    consultations: int
    participants: int
    proposals: int
    ballots: int
    ballots_counted: int  # of the consultations whose register is known
    eligible: int

    @property
    def turnout(self):
        return Fraction(self.ballots_counted, self.eligible) if self.eligible else None


@dataclass
class Overview:
    rows: list
    sites: list  # [(site, name)] every site with a consultation, for the filter
    years: list
    site_totals: list
    total: Total
    months: list  # participants month by month (participation_figures)


def year_of(consultation):
    moment = consultation.vote_closes_at or consultation.first_published_at
    return timezone.localtime(moment).year if moment else None


def _site_name(site):
    return site.site_name or site.hostname


def _count_of(queryset):
    counted = queryset.filter(consultation=OuterRef("pk")).order_by().values("consultation")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField())


def _consultations():
    adopted = BoardDecision.objects.adopted()
    most_supported = (
        Proposal.objects.filter(consultation=OuterRef("pk"), status=Proposal.Status.PUBLISHED)
        .order_by("-support_count", "pk")
    )
    return (
        ConsultationPage.objects.live()
        .annotate(
            decisions_recorded=_count_of(BoardDecision.objects.all()),
            decisions_adopted=_count_of(adopted),
            decisions_done=_count_of(adopted.filter(stage=ImplementationUpdate.Stage.DONE)),
            top_proposal=Subquery(most_supported.values("title")[:1]),
            top_supports=Subquery(most_supported.values("support_count")[:1]),
        )
        .defer_streamfields()
        .order_by("-first_published_at", "pk")
    )


def officials_overview(*, site=None, year=None, sort=DEFAULT_SORT):
    """The dashboard's rows for `site` (a Site, or None for all) and `year` (or None), sorted by
    `sort` (a key of SORTS, "-" first for descending)."""
    sites = Site.objects.in_bulk()
    roots = site_root_paths()
    every, years, with_consultations = [], set(), {}
    for consultation in _consultations():
        root = root_of(consultation.url_path, roots)
        page_site = sites.get(root.site_id) if root else None
        if page_site is None:
            continue
        with_consultations[page_site.pk] = page_site
        if site is not None and page_site.pk != site.pk:
            continue
        consultation_year = year_of(consultation)
        years.add(consultation_year)
        if year is not None and consultation_year != year:
            continue
        every.append(Row(
            consultation=consultation,
            site=page_site,
            site_name=_site_name(page_site),
            url=root.root_url + consultation.url_path[len(root.root_path) - 1:],
            results_url=root.root_url + reverse("consultations:results", args=[consultation.pk]),
            decisions=Decisions(
                consultation.decisions_recorded, consultation.decisions_adopted, consultation.decisions_done
            ),
        ))
    by_site = {}
    for row in every:
        by_site.setdefault(row.site.pk, []).append(row.consultation.pk)
    figures = participation_figures(
        (row.consultation for row in every),
        groups={**by_site, None: [row.consultation.pk for row in every]},
        by_month=True,
    )
    for row in every:
        row.participation = figures.consultations[row.consultation.pk]
    _add_outcomes(every)
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["dates"])
    every.sort(key=lambda row: row.consultation.pk)
    every.sort(key=key, reverse=descending)
    return _with_totals(every, with_consultations, years, figures)


def _with_totals(rows, with_consultations, years, figures):
    by_site = {}
    for row in rows:
        by_site.setdefault(row.site.pk, []).append(row)
    people = figures.groups

    def total(label, site_rows, key):
        known = [row for row in site_rows if row.participation.eligible]
        return Total(
            label=label,
            consultations=len(site_rows),
            participants=people[key],
            proposals=sum(row.participation.proposals for row in site_rows),
            ballots=sum(row.participation.ballots for row in site_rows),
            ballots_counted=sum(row.participation.ballots for row in known),
            eligible=sum(row.participation.eligible for row in known),
        )

    site_totals = sorted(
        (total(site_rows[0].site_name, site_rows, pk) for pk, site_rows in by_site.items()),
        key=lambda site_total: site_total.label.lower(),
    )
    return Overview(
        rows=rows,
        sites=sorted(
            ((site, _site_name(site)) for site in with_consultations.values()),
            key=lambda pair: (not pair[0].is_default_site, pair[1].lower()),
        ),
        years=sorted((year for year in years if year), reverse=True),
        site_totals=site_totals,
        total=total("", rows, None),
        months=figures.months,
    )


def _add_outcomes(rows):
    """Each row's Outcome: one query for every vote on projects without a budget, the supports'
    read with the consultations, and funding() for the FUNDING_LIMIT votes with a budget closed
    last."""
    closed = []
    for row in rows:
        consultation = row.consultation
        if consultation.vote_method == Method.NONE:
            continue
        if not consultation.is_vote_closed:
            row.outcome = Outcome(pending=True)
            continue
        closed.append(row)
        if consultation.vote_method == Method.SUPPORT:
            row.outcome = Outcome(
                winner=consultation.top_proposal or "", score=consultation.top_supports or 0, label="supports"
            )
    budgets = sorted(
        (row for row in closed if row.consultation.vote_method in BUDGET_METHODS and row.consultation.budget),
        key=lambda row: row.consultation.vote_closes_at, reverse=True,
    )
    _add_top_projects([
        row for row in closed
        if row.consultation.vote_method in PROJECT_METHODS + BUDGET_METHODS and row not in budgets
    ])
    for position, row in enumerate(budgets):
        row.outcome = Outcome()
        if position >= FUNDING_LIMIT:
            continue
        funding = budget_results.funding(row.consultation)
        if funding is not None:
            row.outcome = Outcome(funded=len(funding.funded), used=funding.budget_used, budget=funding.budget)


class _Project:
    def __init__(self, pk, title):
        self.pk, self.title = pk, title


def _add_top_projects(rows):
    """The first project of each vote's results, in vote_results' order, from one query."""
    if not rows:
        return
    results = {}
    for consultation_id, project_id, title, approvals, against, points in (
        BallotChoice.objects.filter(ballot__consultation_id__in=[row.consultation.pk for row in rows])
        .values("ballot__consultation_id", "project_id", "project__title")
        .annotate(
            approvals=Count("id", filter=Q(value__gte=1)),
            against=Count("id", filter=Q(value=-1)),
            points=Sum("value", filter=Q(value__gte=1)),
        )
        .values_list(
            "ballot__consultation_id", "project_id", "project__title", "approvals", "against", "points"
        )
    ):
        results.setdefault(consultation_id, []).append(ProjectResult(
            project=_Project(project_id, title), approvals=approvals, against=against, points=points or 0,
        ))
    for row in rows:
        method = row.consultation.vote_method
        ranked = sorted(results.get(row.consultation.pk, []), key=result_order(method))
        if not ranked:
            row.outcome = Outcome()
            continue
        first = ranked[0]
        points = method == Method.POINTS
        row.outcome = Outcome(
            winner=first.project.title, score=first.points if points else first.approvals,
            label="points" if points else "approvals",
            against=first.against if method == Method.FOR_AGAINST else None,
        )

