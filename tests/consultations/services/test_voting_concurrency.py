"""A burst of simultaneous submissions for one voter stores exactly one ballot."""


import pytest

from consultations.models import Ballot, BallotChoice, Support
from consultations.ratelimits import LIMITS
from consultations.services.proposals import submit_proposal, support_proposal
from consultations.services.voting import ballot_projects, cast_ballot
from tests.factories import UserFactory
from tests.concurrency import run_together
from tests.markers import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only, pytest.mark.shared_cache]

SUBMISSIONS = 50

def test_fifty_simultaneous_ballots_of_one_voter_store_one_ballot(budget_vote, monkeypatch):
    monkeypatch.setitem(LIMITS, "ballot", (1000, 60))
    voter = UserFactory()
    projects = [project.pk for project in ballot_projects(budget_vote)]

    def vote(index):
        cast_ballot(budget_vote, voter=voter, choices=[(projects[index % 3], 1)])

    errors = run_together(vote, SUBMISSIONS)

    assert errors == []
    assert Ballot.objects.filter(consultation=budget_vote, voter=voter).count() == 1
    ballot = Ballot.objects.get()
    assert BallotChoice.objects.filter(ballot=ballot).count() == 1
    assert ballot.revision == SUBMISSIONS - 1


def test_simultaneous_supports_count_once(open_consultation, monkeypatch):
    monkeypatch.setitem(LIMITS, "support", (1000, 60))
    proposal = submit_proposal(
        open_consultation, author=UserFactory(), title="Des bancs au bord du bassin",
        body="Installer des bancs pour les parents qui attendent les enfants.",
    )
    supporter = UserFactory()

    errors = run_together(lambda index: support_proposal(proposal, user=supporter), SUBMISSIONS)

    assert errors == []
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert proposal.support_count == 1


def test_a_burst_of_ballots_is_held_to_the_limit_exactly(budget_vote, monkeypatch):
    """60 simultaneous ballots from one voter: exactly the limit (30 a minute) get through."""
    from consultations import ratelimits
    from consultations.ratelimits import RateLimited

    window = ratelimits.current_window(60)
    monkeypatch.setattr(ratelimits, "current_window", lambda period: window)  # all in one minute

    voter = UserFactory()
    projects = [project.pk for project in ballot_projects(budget_vote)]
    limit = LIMITS["ballot"][0]

    def vote(index):
        cast_ballot(budget_vote, voter=voter, choices=[(projects[index % 3], 1)])

    errors = run_together(vote, 2 * limit)
    assert len(errors) == limit and all(isinstance(error, RateLimited) for error in errors)
    assert Ballot.objects.get(voter=voter).revision == limit - 1
