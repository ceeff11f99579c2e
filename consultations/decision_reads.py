"""Reads of the board's decisions and of their follow-up.

- decision_items(consultation): what the board decides on (local projects, published proposals)
  with their result and current decision, in the order of the « Décisions » sheet.
- decisions(consultation): the board's decisions as the consultation's pages show them.
- followed_up_consultations(home), follow_up_list(consultations, ...), follow_up_summary(decisions),
  follow_up_years(consultations): the adopted items of a site's consultations with their
  progress, for its "Suivi des réalisations" page.
- implementation_of(...): an adopted item's decision with its dated updates, for its own page.
- admin_decisions(user, ...): the adopted items whose follow-up a staff member reads in the admin.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.images import get_image_model

from . import budget_results, permissions
from .models import BoardDecision, ConsultationPage, ImplementationUpdate, Proposal
from .selectors import vote_results
from .services.voting import ballot_projects
from .templatetags.participation_tags import percent


@dataclass(frozen=True)
class DecisionItem:
    kind: str  # "local_project" or "proposal"
    pk: int
    title: str
    result: str
    decision: object = None  # its BoardDecision, if any
    # A local project the budget vote's final list funds (budget_results.funding): the sheet
    # proposes it as adopted with its cost.
    proposed_budget: object = None


def decision_items(consultation):
    """Local projects in the ballot's order, then published proposals, most supported first, each
    with its result written out in the portal's language (for the officials' sheet)."""
    decided = {
        (decision.local_project_id, decision.proposal_id): decision
        for decision in BoardDecision.objects.for_consultation(consultation)
    }
    projects = list(ballot_projects(consultation).only("pk", "title", "path", "depth"))
    items = []
    with translation.override(settings.LANGUAGE_CODE):
        if consultation.vote_method != ConsultationPage.VoteMethod.NONE and projects:
            results = vote_results(consultation, projects)
            ranks = {row.project.pk: (rank, row) for rank, row in enumerate(results.rows, start=1)}
        else:
            results, ranks = None, {}
        funded = _funding_rows(consultation)
        for project in projects:
            result = ""
            if project.pk in ranks:
                rank, row = ranks[project.pk]
                result = _project_result(results.method, rank, row)
            proposed_budget = None
            if project.pk in funded:
                funding_row = funded[project.pk]
                result += " ; " + (_("funded") if funding_row.funded else _("not funded"))
                if funding_row.funded:
                    proposed_budget = funding_row.project.cost
            items.append(DecisionItem("local_project", project.pk, project.title, result,
                                      decided.get((project.pk, None)), proposed_budget))
        proposals = (
            Proposal.objects.for_consultation(consultation).published()
            .order_by("-support_count", "pk")
            .only("pk", "title", "support_count", "answer_status")
        )
        for proposal in proposals:
            result = ngettext("%(count)s support", "%(count)s supports", proposal.support_count) % {
                "count": proposal.support_count
            }
            if proposal.answer_status:
                result += " ; " + _("answer: %(answer)s") % {
                    "answer": str(proposal.get_answer_status_display()).lower()
                }
            items.append(DecisionItem("proposal", proposal.pk, proposal.title, result,
                                      decided.get((None, proposal.pk))))
    return items


def _funding_rows(consultation):
    """{project pk: budget_results.FundingRow} once a budget or points vote has closed."""
    if not consultation.is_vote_closed:
        return {}
    funding = budget_results.funding(consultation)
    if funding is None:
        return {}
    return {row.project.pk: row for row in funding.funded + funding.not_funded}


def _project_result(method, rank, row):
    if method == ConsultationPage.VoteMethod.FOR_AGAINST:
        return _("rank %(rank)s: %(for)s for, %(against)s against, %(abstentions)s abstentions") % {
            "rank": rank, "for": row.approvals, "against": row.against, "abstentions": row.abstentions,
        }
    if method == ConsultationPage.VoteMethod.POINTS:
        return ngettext("rank %(rank)s: %(points)s point (%(share)s)", "rank %(rank)s: %(points)s points (%(share)s)", row.points) % {
            "rank": rank, "points": row.points, "share": percent(row.share),
        }
    return ngettext(
        "rank %(rank)s: %(approvals)s approval (%(share)s of ballots)",
        "rank %(rank)s: %(approvals)s approvals (%(share)s of ballots)",
        row.approvals,
    ) % {"rank": rank, "approvals": row.approvals, "share": percent(row.share)}


def decisions(consultation):
    """The board's decisions on a consultation, adopted first, each with its item's title."""
    order = Case(
        *(When(outcome=outcome, then=Value(position))
          for position, outcome in enumerate(BoardDecision.Outcome.values)),
        output_field=IntegerField(),
    )
    return list(
        BoardDecision.objects.for_consultation(consultation)
        .select_related("local_project", "proposal")
        .alias(outcome_order=order)
        .order_by("outcome_order", "local_project__path", "proposal__title", "pk")
    )


PHOTO_RENDITION = "max-640x480"


def _followed_up(consultations):
    """The adopted items of `consultations` still shown on the site: live local projects and
    published proposals."""
    return BoardDecision.objects.adopted().filter(consultation__in=consultations).filter(
        Q(local_project__live=True) | Q(proposal__status=Proposal.Status.PUBLISHED)
    )


def followed_up_consultations(home):
    """The live, public consultations under `home` (a site's home page), whose adopted items its
    follow-up page lists."""
    return ConsultationPage.objects.live().public().descendant_of(home)


def follow_up_list(consultations, *, facility=None, neighbourhood=None, year=None):
    """The adopted items of `consultations` (followed_up_consultations), latest board meeting
    first, in order of entry within a meeting, each with its latest update's text; filtered by
    the consultation's facility, by neighbourhood (the consultation's, or the proposal's own) and
    by the year of the meeting."""
    decisions = _followed_up(consultations)
    if facility is not None:
        decisions = decisions.filter(consultation__facility=facility)
    if neighbourhood is not None:
        decisions = decisions.filter(
            pk__in=BoardDecision.objects.filter(
                Q(consultation__neighbourhoods=neighbourhood) | Q(proposal__neighbourhood=neighbourhood)
            ).values("pk")
        )
    if year:
        decisions = decisions.filter(meeting_date__year=year)
    latest = ImplementationUpdate.objects.filter(decision=OuterRef("pk")).order_by("-date", "-pk")
    return (
        decisions.select_related("consultation__facility", "local_project", "proposal__neighbourhood")
        .prefetch_related("consultation__neighbourhoods")
        .annotate(latest_text=Subquery(latest.values("text")[:1]))
        .order_by("-meeting_date", "pk")
    )


def follow_up_summary(decisions):
    """How many items, how many done and under way, and the budget granted to them: one query."""
    stage = ImplementationUpdate.Stage
    return decisions.order_by().aggregate(
        items=Count("pk"),
        done=Count("pk", filter=Q(stage=stage.DONE)),
        in_progress=Count("pk", filter=Q(stage=stage.IN_PROGRESS)),
        budget=Coalesce(Sum("budget_granted"), Value(0), output_field=BoardDecision._meta.get_field("budget_granted")),
    )


def follow_up_years(consultations):
    """The years of the board meetings that adopted items of `consultations`, latest first."""
    dates = _followed_up(consultations).dates("meeting_date", "year", order="DESC")
    return [day.year for day in dates]


def implementation_of(*, local_project=None, proposal=None):
    """The decision that adopted this local project or proposal, with its updates oldest first
    (their photos and the photos' renditions read with them); None when it was not adopted."""
    item = {"local_project": local_project} if local_project is not None else {"proposal": proposal}
    photos = get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)
    updates = ImplementationUpdate.objects.order_by("date", "pk").prefetch_related(
        Prefetch("photo", queryset=photos)
    )
    return (
        BoardDecision.objects.adopted().filter(**item)
        .prefetch_related(Prefetch("updates", queryset=updates))
        .first()
    )


def admin_decisions(user, *, consultation=None, stage=None):
    """The adopted items whose follow-up `user` reads in the admin (permissions.decisions_scope),
    latest meeting first; `stage` "none" for those without any update yet."""
    roots = permissions.decisions_scope(user)
    if not roots:
        return BoardDecision.objects.none()
    within = Q()
    for root in roots:
        within |= Q(consultation__path__startswith=root)
    decisions = BoardDecision.objects.adopted().filter(within)
    if consultation is not None:
        decisions = decisions.filter(consultation=consultation)
    if stage == "none":
        decisions = decisions.filter(stage="")
    elif stage:
        decisions = decisions.filter(stage=stage)
    return decisions.select_related("consultation", "local_project", "proposal").order_by(
        "-meeting_date", "pk"
    )
