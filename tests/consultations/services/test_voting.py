import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from consultations.models import Ballot, BallotChoice, ConsultationPage
from consultations.services.voting import ballot_projects, cast_ballot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Method = ConsultationPage.VoteMethod


def ids(consultation):
    return [project.pk for project in ballot_projects(consultation)]


def test_a_ballot_within_the_budget_is_stored_with_a_receipt(budget_vote, citizen):
    first, second, *_ = ids(budget_vote)
    ballot = cast_ballot(budget_vote, voter=citizen, choices=[(first, 1), (second, 1)])
    assert len(ballot.receipt) == 19
    assert sorted(ballot.choices.values_list("project_id", flat=True)) == [first, second]


def test_an_over_budget_ballot_is_refused_and_changes_nothing(budget_vote, citizen):
    first, second, third, fourth = ids(budget_vote)
    with pytest.raises(ValidationError, match="over the budget"):
        cast_ballot(budget_vote, voter=citizen, choices=[(first, 1), (fourth, 1)])
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Vos choix coûtent 110\u00a0000\u00a0€, au-delà du budget de 100\u00a0000\u00a0€"),
        ("en", "Your choices cost 110,000\u00a0€, over the budget of 100,000\u00a0€"),
    ],
)
def test_the_over_budget_message_writes_both_amounts_in_the_voters_language(budget_vote, citizen, language, message):
    first, second, third, fourth = ids(budget_vote)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        cast_ballot(budget_vote, voter=citizen, choices=[(first, 1), (fourth, 1)])
    assert message in refused.value.messages[0]


def test_second_vote_replaces_the_first_and_keeps_the_receipt(budget_vote, citizen):
    first, second, third, _ = ids(budget_vote)
    ballot = cast_ballot(budget_vote, voter=citizen, choices=[(first, 1)])
    again = cast_ballot(budget_vote, voter=citizen, choices=[(second, 1), (third, 1)])
    assert again.pk == ballot.pk and again.receipt == ballot.receipt
    assert again.revision == 1
    assert Ballot.objects.count() == 1
    assert sorted(BallotChoice.objects.values_list("project_id", flat=True)) == [second, third]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (lambda p: [(999_999, 1)], "not on the ballot"),
        (lambda p: [(p[0], 1), (p[0], 1)], "twice"),
        (lambda p: [(p[0], -1)], "Invalid value"),
        (lambda p: [], "empty"),
    ],
)
def test_tampered_budget_ballots_are_refused(budget_vote, citizen, choices, message):
    with pytest.raises(ValidationError, match=message):
        cast_ballot(budget_vote, voter=citizen, choices=choices(ids(budget_vote)))
    assert not Ballot.objects.exists()


def test_a_project_of_another_consultation_is_refused(make_consultation, budget_vote, citizen):
    other = make_consultation("vote", vote_method=Method.BUDGET, budget=10, projects=[1])
    with pytest.raises(ValidationError):
        cast_ballot(budget_vote, voter=citizen, choices=[(ids(other)[0], 1)])


def test_approval_allows_at_most_k_projects(make_consultation, citizen):
    consultation = make_consultation("vote", vote_method=Method.APPROVAL, max_choices=2, projects=[1, 1, 1])
    a, b, c = ids(consultation)
    with pytest.raises(ValidationError, match="at most 2"):
        cast_ballot(consultation, voter=citizen, choices=[(a, 1), (b, 1), (c, 1)])
    assert cast_ballot(consultation, voter=citizen, choices=[(a, 1), (c, 1)]).choices.count() == 2


def test_for_against_stores_each_answer(make_consultation, citizen):
    consultation = make_consultation("vote", vote_method=Method.FOR_AGAINST, projects=[1, 1, 1])
    a, b, c = ids(consultation)
    ballot = cast_ballot(consultation, voter=citizen, choices=[(a, 1), (b, -1), (c, 0)])
    assert dict(ballot.choices.values_list("project_id", "value")) == {a: 1, b: -1, c: 0}
    with pytest.raises(ValidationError):
        cast_ballot(consultation, voter=citizen, choices=[(a, 2)])


def test_points_cannot_exceed_the_allowance_nor_be_negative(make_consultation, citizen):
    consultation = make_consultation("vote", vote_method=Method.POINTS, points_per_voter=10, projects=[1, 1])
    a, b = ids(consultation)
    with pytest.raises(ValidationError, match="only 10"):
        cast_ballot(consultation, voter=citizen, choices=[(a, 6), (b, 5)])
    with pytest.raises(ValidationError, match="negative"):
        cast_ballot(consultation, voter=citizen, choices=[(a, -3), (b, 5)])
    ballot = cast_ballot(consultation, voter=citizen, choices=[(a, 7), (b, 3)])
    assert dict(ballot.choices.values_list("project_id", "value")) == {a: 7, b: 3}


@pytest.mark.parametrize("phase", ["information", "proposals", "deliberation", "results"])
def test_no_vote_outside_the_vote_phase(make_consultation, citizen, phase):
    consultation = make_consultation(phase, vote_method=Method.BUDGET, budget=10, projects=[1])
    with pytest.raises(PermissionDenied):
        cast_ballot(consultation, voter=citizen, choices=[(ids(consultation)[0], 1)])


def test_unverified_citizen_cannot_vote_where_residents_only(make_consultation):
    consultation = make_consultation(
        "vote", vote_method=Method.APPROVAL, max_choices=1, projects=[1], audience="residents"
    )
    with pytest.raises(PermissionDenied, match="verified residents"):
        cast_ballot(consultation, voter=UserFactory(), choices=[(ids(consultation)[0], 1)])


def test_ballot_stays_counted_after_the_voter_deletes_their_account(budget_vote, citizen):
    from consultations.services.accounts import delete_account

    cast_ballot(budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    delete_account(citizen, acting_user=citizen)
    ballot = Ballot.objects.get()
    assert ballot.voter.deleted_at is not None
    assert "exemple.fr" not in ballot.voter.email
