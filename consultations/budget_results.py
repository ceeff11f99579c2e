"""Which projects a budget or points vote funds: the one place the results page, the exports and
the synthesis read them from.

`budget_instance` reads the stored ballots in three queries (projects, ballots, choices) into a
`budgeting.Instance`; `budget_results` runs a rule on it. Projects are keyed by their reference:
the id they were imported with (`external_id`, e.g. a pabulib project_id) or else their page id,
as a string. That reference is also what breaks ties (see consultations/budgeting.py).
"""

from dataclasses import dataclass

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
