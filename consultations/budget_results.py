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
from .models import Ballot, BallotChoice, ConsultationPage, FundingOverride, LocalProjectPage

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
    funded: bool  # in the final list: the rule's choice, free projects with votes, staff's changes
    funded_by_rule: bool
    funded_by_other_rule: bool
    purchase: object = None  # budgeting.Purchase (MES), for the explanation
    rejection: object = None  # budgeting.Rejection, why the rule did not fund it
    override: object = None  # FundingOverride, staff's recorded change, if any

    @property
    def free(self):
        return self.project.cost == 0


@dataclass(frozen=True)
class Funding:
    """What the results page, the exports and the board's sheet show of a budget or points vote:
    the final list under the consultation's rule, the other rule's for the comparison, and staff's
    recorded changes."""

    rule: str
    other_rule: str
    budget: int
    budget_used: int  # by the final list
    rule_budget_used: int  # by the rule's own choice
    voters: int
    share: object  # MES: each voter's money (Decimal, euros), else None
    increment: int
    comparison: object  # MES with the comparison step: budgeting.Outcome.comparison, else None
    funded: list  # FundingRow of the final list: the rule's order, then additions
    not_funded: list  # FundingRow, most voted first
    overrides: list  # FundingOverride, oldest first
    differs: bool  # whether the other rule funds other projects

    def row(self, pk):
        return next((row for row in self.funded + self.not_funded if row.project.pk == pk), None)


def funding(consultation):
    """The consultation's funded projects under its rule (ConsultationPage.budget_rule), compared
    with the other rule, from one read of the ballots; None without a budget vote.

    The final list is the rule's choice, plus every free project someone voted for (approval MES
    never buys one: a cost utility of 0; it takes nothing from the budget, so the portal funds it),
    with staff's recorded changes (FundingOverride) applied."""
    if consultation.vote_method not in BALLOT_KINDS or not consultation.budget:
        return None
    rule = consultation.budget_rule
    other = budgeting.GREEDY if rule == budgeting.MES else budgeting.MES
    results = rules_results(consultation, [rule, other],
                            compare_with_greedy=rule == budgeting.MES and consultation.budget_compare_with_greedy)
    mine, theirs = results[rule], results[other]
    overrides = {
        override.local_project_id: override
        for override in FundingOverride.objects.filter(consultation=consultation).select_related("created_by")
    }
    by_rule, alternative = set(mine.outcome.selected), set(theirs.outcome.selected)
    free = [reference for reference, info in mine.projects.items()
            if info.cost == 0 and mine.scores.get(reference, 0) > 0 and reference not in by_rule]
    added = [reference for reference, info in mine.projects.items()
             if reference not in by_rule and reference not in free
             and getattr(overrides.get(info.pk), "action", None) == FundingOverride.Action.ADD]
    removed = {reference for reference, info in mine.projects.items()
               if getattr(overrides.get(info.pk), "action", None) == FundingOverride.Action.REMOVE}
    final = [reference for reference in [*mine.outcome.selected, *free, *added] if reference not in removed]
    chosen = set(final)

    def row(reference):
        info = mine.projects[reference]
        return FundingRow(
            project=info, score=mine.scores.get(reference, 0), funded=reference in chosen,
            funded_by_rule=reference in by_rule, funded_by_other_rule=reference in alternative,
            purchase=mine.outcome.purchases.get(reference), rejection=mine.outcome.rejections.get(reference),
            override=overrides.get(info.pk),
        )

    others = sorted(
        (reference for reference in mine.projects if reference not in chosen),
        key=lambda reference: (-mine.scores.get(reference, 0), reference),
    )
    share = mine.outcome.share
    return Funding(
        rule=rule, other_rule=other, budget=mine.outcome.budget,
        budget_used=sum(mine.projects[reference].cost for reference in final),
        rule_budget_used=mine.outcome.budget_used, voters=mine.outcome.voters,
        share=(Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01")) if share else None,
        increment=mine.outcome.increment, comparison=mine.outcome.comparison,
        funded=[row(reference) for reference in final],
        not_funded=[row(reference) for reference in others],
        overrides=sorted(overrides.values(), key=lambda override: (override.created_at, override.pk)),
        differs=by_rule != alternative,
    )
