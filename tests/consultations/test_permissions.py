"""Who may do what in each phase: a matrix of roles and phases."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from consultations import permissions
from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHASES = ["information", "proposals", "deliberation", "vote", "results", "decision"]


def role(name):
    if name == "anonymous":
        return AnonymousUser()
    if name == "unverified_email":
        return UserFactory(verified_email=False)
    if name == "resident":
        return UserFactory(is_verified_resident=True, resident_verified_at=timezone.now(), postcode="69003")
    return UserFactory()


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("who", ["anonymous", "unverified_email", "citizen"])
def test_who_may_post_a_proposal(make_consultation, phase, who):
    consultation = make_consultation(phase)
    expected = who == "citizen" and phase == "proposals"
    assert bool(permissions.can_submit_proposal(role(who), consultation)) is expected


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("who", ["anonymous", "citizen", "resident"])
@pytest.mark.parametrize("audience", ["signed_in", "residents"])
def test_who_may_vote(make_consultation, phase, who, audience):
    consultation = make_consultation(phase, vote_method="approval", max_choices=1, audience=audience, projects=[1])
    expected = phase == "vote" and (who == "resident" or (who == "citizen" and audience == "signed_in"))
    assert bool(permissions.can_vote(role(who), consultation)) is expected


@pytest.mark.parametrize("phase", PHASES)
def test_comments_are_open_until_the_vote_closes(make_consultation, phase):
    consultation = make_consultation(phase, vote_method="approval", max_choices=1, projects=[1])
    expected = phase in {"information", "proposals", "deliberation", "vote"}
    assert bool(permissions.can_comment(role("citizen"), consultation)) is expected


@pytest.mark.parametrize(("phase", "method", "expected"), [
    ("proposals", "none", True),
    ("deliberation", "none", False),
    ("vote", "support", True),
    ("vote", "approval", False),
])
def test_supports_are_open_while_proposals_are_collected_or_in_a_support_vote(make_consultation, phase, method, expected):
    consultation = make_consultation("proposals", vote_method=method, max_choices=1 if method == "approval" else None)
    proposal = submit_proposal(consultation, author=UserFactory(), title="Un garage à vélos", body="Un garage à vélos couvert devant l'entrée principale.")
    from tests.factories import phase_dates

    type(consultation).objects.filter(pk=consultation.pk).update(**phase_dates(phase))
    proposal.refresh_from_db()
    assert bool(permissions.can_support(role("citizen"), proposal)) is expected


@pytest.mark.parametrize("phase", PHASES)
def test_results_are_public_once_the_vote_closes_and_always_for_officials(make_consultation, elected_official, phase):
    consultation = make_consultation(phase, vote_method="budget", budget=10, projects=[1])
    assert bool(permissions.can_see_results(role("citizen"), consultation)) is (phase in {"results", "decision"})
    assert permissions.can_see_results(elected_official, consultation)
