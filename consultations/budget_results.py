"""Which projects a budget or points vote funds: the one place the results page, the exports and
the synthesis read them from.

`budget_instance` reads the stored ballots in three queries (projects, ballots, choices) into a
`budgeting.Instance`; `budget_results` runs a rule on it. Projects are keyed by their reference:
the id they were imported with (`external_id`, e.g. a pabulib project_id) or else their page id,
as a string. That reference is also what breaks ties (see consultations/budgeting.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from . import budgeting
from .models import Ballot, BallotChoice, ConsultationPage, LocalProjectPage

Method = ConsultationPage.VoteMethod
BALLOT_KINDS = {
    Method.BUDGET: budgeting.APPROVAL,
    Method.APPROVAL: budgeting.APPROVAL,
    Method.POINTS: budgeting.CUMULATIVE,
}


@dataclass(frozen=True)
class ProjectInfo:
    pk: int
    reference: str
    title: str
    cost: int


@dataclass
class BudgetResults:
    rule: str
    outcome: budgeting.Outcome
    projects: dict  # reference -> ProjectInfo, in the editor's order
    scores: dict  # reference -> approvals (budget vote) or points (points vote)

    @property
    def selected(self):
        """The funded projects (ProjectInfo), in the order the rule chose them."""
        return [self.projects[reference] for reference in self.outcome.selected]


def project_reference(pk, external_id):
    return external_id or str(pk)


def budget_instance(consultation):
    """(instance, {reference: ProjectInfo}) from the consultation's live projects and stored ballots."""
    kind = BALLOT_KINDS.get(consultation.vote_method)
    if kind is None or consultation.budget is None:
        raise ValueError("This consultation has no budget vote.")
    rows = (
        LocalProjectPage.objects.live().child_of(consultation).order_by("path")
        .values_list("pk", "external_id", "title", "cost")
    )
    projects, reference_of = {}, {}
    for pk, external_id, title, cost in rows:
        reference = project_reference(pk, external_id)
        projects[reference] = ProjectInfo(pk, reference, title, cost)
        reference_of[pk] = reference
    ballot_ids = Ballot.objects.filter(consultation=consultation).values_list("pk", flat=True)
    ballots = {pk: {} for pk in ballot_ids}
    choices = BallotChoice.objects.filter(ballot__consultation=consultation, value__gt=0).values_list(
        "ballot_id", "project_id", "value"
    )
    for ballot_id, project_id, value in choices.iterator(chunk_size=10_000):
        reference = reference_of.get(project_id)
        if reference is not None and ballot_id in ballots:
            ballots[ballot_id][reference] = value
    if kind == budgeting.APPROVAL:
        ballot_list = [set(choice) for choice in ballots.values()]
    else:
        ballot_list = list(ballots.values())
    instance = budgeting.Instance(
        budget=consultation.budget,
        costs={reference: info.cost for reference, info in projects.items()},
        ballots=ballot_list,
        kind=kind,
    )
    return instance, projects


def budget_results(consultation, rule, *, compare_with_greedy=False):
    """Run `rule` (budgeting.GREEDY, MES or MES_PLAIN) on the consultation's ballots."""
    return rules_results(consultation, [rule], compare_with_greedy=compare_with_greedy)[rule]


def rules_results(consultation, rules=budgeting.RULES, *, compare_with_greedy=False):
    """{rule: BudgetResults} for several rules from one read of the ballots (comparison tables)."""
    instance, projects = budget_instance(consultation)
    scores = instance.scores()
    results = {}
    for rule in rules:
        options = {"compare_with_greedy": compare_with_greedy} if rule == budgeting.MES else {}
        outcome = budgeting.compute(instance, rule, **options)
        results[rule] = BudgetResults(rule=rule, outcome=outcome, projects=projects, scores=scores)
    return results


@dataclass(frozen=True)
class FundingRow:
    project: ProjectInfo
    score: int
    funded: bool
    funded_by_other_rule: bool
    purchase: object = None  # budgeting.Purchase (MES), for the explanation
    rejection: object = None  # budgeting.Rejection, why it was not funded


@dataclass(frozen=True)
class Funding:
    """What the results page shows of a budget or points vote: the consultation's rule and the
    other one, for the comparison."""

    rule: str
    other_rule: str
    budget: int
    budget_used: int
    voters: int
    share: object  # MES: each voter's money (Decimal, euros), else None
    increment: int
    funded: list  # FundingRow, in the order the rule chose them
    not_funded: list  # FundingRow, most voted first
    differs: bool  # whether the other rule funds other projects


def funding(consultation):
    """The consultation's funded projects under its rule (ConsultationPage.budget_rule), compared
    with the other rule, from one read of the ballots; None without a budget vote."""
    if consultation.vote_method not in BALLOT_KINDS or not consultation.budget:
        return None
    rule = consultation.budget_rule
    other = budgeting.GREEDY if rule == budgeting.MES else budgeting.MES
    results = rules_results(consultation, [rule, other])
    mine, theirs = results[rule], results[other]
    chosen, alternative = set(mine.outcome.selected), set(theirs.outcome.selected)

    def row(reference):
        return FundingRow(
            project=mine.projects[reference], score=mine.scores.get(reference, 0),
            funded=reference in chosen, funded_by_other_rule=reference in alternative,
            purchase=mine.outcome.purchases.get(reference), rejection=mine.outcome.rejections.get(reference),
        )

    others = sorted(
        (reference for reference in mine.projects if reference not in chosen),
        key=lambda reference: (-mine.scores.get(reference, 0), reference),
    )
    share = mine.outcome.share
    return Funding(
        rule=rule, other_rule=other, budget=mine.outcome.budget, budget_used=mine.outcome.budget_used,
        voters=mine.outcome.voters,
        share=(Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01")) if share else None,
        increment=mine.outcome.increment,
        funded=[row(reference) for reference in mine.outcome.selected],
        not_funded=[row(reference) for reference in others],
        differs=chosen != alternative,
    )
