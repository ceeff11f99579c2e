"""Participation figures (consultations/participation.py): who took part, counted once, the same
as the export where both count the same contributions, in a fixed number of queries."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.utils import timezone

from consultations.consultation_export.tables import Export, neighbourhood_rows, participation_rows
from consultations.models import Ballot, Comment, ConsultationPage, LocalProjectPage, Proposal, Support
from consultations.participation import (
    Participation,
    distinct_participants,
    participation,
    participation_over_time,
)
from consultations.selectors import eligible_voter_count
from consultations.services.accounts import erase_account
from tests.factories import (
    BallotFactory,
    CommentFactory,
    NeighbourhoodFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def only(consultation):
    return participation([consultation])[consultation.pk]


@pytest.fixture
def vote(make_consultation):
    return make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=2, projects=[10_000, 20_000],
        audience=ConsultationPage.Audience.RESIDENTS,
    )


def test_a_consultation_nobody_took_part_in_counts_zero_with_no_turnout(open_consultation):
    figures = only(open_consultation)
    assert figures == Participation(0, 0, 0, 0, 0, None, 0, 0)
    assert figures.turnout is None


def test_someone_who_commented_and_voted_counts_once(vote):
    person = UserFactory()
    CommentFactory(target=vote, author=person)
    BallotFactory(consultation=vote, voter=person)
    figures = only(vote)
    assert (figures.participants, figures.comments, figures.ballots) == (1, 1, 1)


def test_only_published_or_merged_proposals_and_published_comments_count(open_consultation):
    kept = ProposalFactory(consultation=open_consultation)
    ProposalFactory(consultation=open_consultation, status=Proposal.Status.MERGED, merged_into=kept)
    for status in (Proposal.Status.WITHDRAWN, Proposal.Status.REJECTED, Proposal.Status.PENDING,
                   Proposal.Status.HIDDEN):
        ProposalFactory(consultation=open_consultation, status=status)
    CommentFactory(target=kept)
    CommentFactory(target=kept, status=Comment.Status.HIDDEN)
    CommentFactory(target=kept, deleted_at=timezone.now())
    figures = only(open_consultation)
    assert (figures.participants, figures.proposals, figures.comments) == (3, 2, 1)


def test_an_erased_accounts_contributions_still_count(vote):
    person = UserFactory()
    proposal = ProposalFactory(consultation=vote, author=person)
    BallotFactory(consultation=vote, voter=person)
    erase_account(person, receipt_template="consultations/email/account_deleted.txt")
    figures = only(vote)
    assert (figures.participants, figures.proposals, figures.ballots) == (1, 1, 1)
    assert Proposal.objects.get(pk=proposal.pk).author.deleted_at is not None


def test_comments_on_the_ballots_projects_count_for_their_consultation(vote, make_consultation):
    project = LocalProjectPage.objects.child_of(vote).first()
    CommentFactory(target=project)
    CommentFactory(target=make_consultation("proposals"))
    figures = participation([vote])[vote.pk]
    assert (figures.participants, figures.comments) == (1, 1)


def test_turnout_is_ballots_over_the_register_of_eligible_residents(vote):
    centre = NeighbourhoodFactory(name="Centre")
    vote.eligible_postcodes = "69003"
    vote.eligible_neighbourhoods.set([centre])
    vote.save()
    for postcode, neighbourhood in (("69003", ""), ("69001", "Centre"), ("69001", ""), ("69003", "Centre")):
        UserFactory(is_verified_resident=True, resident_verified_at=timezone.now(), postcode=postcode,
                    neighbourhood=neighbourhood, resident_verification_method="document")
    voter = UserFactory.create(is_verified_resident=True, resident_verified_at=timezone.now(),
                               postcode="69003", resident_verification_method="document")
    BallotFactory(consultation=vote, voter=voter)
    vote = ConsultationPage.objects.get(pk=vote.pk)
    figures = only(vote)
    assert figures.eligible == eligible_voter_count(vote) == 4
    assert figures.turnout == Fraction(1, 4)


def test_new_participants_took_part_in_no_consultation_that_started_earlier(make_consultation):
    earlier = make_consultation("decision")
    later = make_consultation("proposals")
    regular, newcomer = UserFactory(), UserFactory()
    ProposalFactory(consultation=earlier, author=regular)
    ProposalFactory(consultation=later, author=regular)
    SupportFactory(proposal=ProposalFactory(consultation=later, author=newcomer), user=regular)
    figures = participation([earlier, later])
    assert (figures[earlier.pk].new_participants, figures[earlier.pk].returning_participants) == (1, 0)
    assert (figures[later.pk].participants, figures[later.pk].new_participants) == (2, 1)
    assert figures[later.pk].returning_participants == 1


def filled_in(consultation):
    """Contributions of every kind by overlapping people, all of them counted."""
    people = [UserFactory() for _ in range(4)]
    first = ProposalFactory(consultation=consultation, author=people[0], supporters=[people[1], people[2]])
    ProposalFactory(consultation=consultation, author=people[1], supporters=[people[3]])
    CommentFactory(target=first, author=people[2])
    CommentFactory(target=consultation, author=people[3])
    CommentFactory(target=LocalProjectPage.objects.child_of(consultation).first(), author=people[0])
    for person in people[:3]:
        BallotFactory(consultation=consultation, voter=person)
    return people


def test_counts_agree_with_the_exports_participation_tables(vote):
    filled_in(vote)
    export = Export(vote)
    per_day = list(participation_rows(export))
    summed = [sum(row[position] for row in per_day) for position in range(1, 5)]
    figures = only(vote)
    assert [figures.proposals, figures.comments, figures.supports, figures.ballots] == summed == [2, 3, 3, 3]
    residences = list(neighbourhood_rows(export))
    assert figures.participants == sum(row[1] for row in residences) == 4


def test_the_export_also_counts_what_moderation_removed_and_participation_does_not(vote):
    """Where the two differ on purpose: the export lists every contribution deposited."""
    filled_in(vote)
    ProposalFactory(consultation=vote, status=Proposal.Status.REJECTED)
    per_day = list(participation_rows(Export(vote)))
    figures = only(vote)
    assert sum(row[1] for row in per_day) == figures.proposals + 1
    assert figures.supports == sum(row[3] for row in per_day)
    assert figures.ballots == sum(row[4] for row in per_day)


@pytest.mark.parametrize("number", [1, 5])
def test_participation_reads_a_fixed_number_of_queries(make_consultation, django_assert_num_queries, number):
    consultations = []
    for _ in range(number):
        consultation = make_consultation(
            "vote", vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=1, projects=[10_000],
            audience=ConsultationPage.Audience.RESIDENTS,
        )
        filled_in(consultation)
        consultations.append(consultation)
    # The contributions, the register of voters and the neighbourhoods it names.
    with django_assert_num_queries(3):
        figures = participation(consultations)
    assert [figures[c.pk].participants for c in consultations] == [4] * number
    assert sum(figures[c.pk].new_participants for c in consultations) == 4 * number


def test_participation_over_time_counts_each_person_once_a_month(vote, make_consultation, django_assert_num_queries):
    people = filled_in(vote)
    other = make_consultation("proposals")
    ProposalFactory(consultation=other, author=people[0])
    this_month = timezone.localdate().replace(day=1)
    earlier = timezone.now() - timedelta(days=62)
    earlier_month = timezone.localdate(earlier).replace(day=1)
    Ballot.objects.filter(voter=people[2]).update(created_at=earlier)
    Support.objects.filter(user=people[2]).update(created_at=earlier)
    Comment.objects.filter(author=people[2]).update(created_at=earlier)
    with django_assert_num_queries(1):
        months = participation_over_time([vote, other])
    assert months[-1] == (this_month, 3)
    assert months[0] == (earlier_month, 1)
    # The month between, when nobody took part, is there at 0 for the chart's line.
    span = (this_month.year - earlier_month.year) * 12 + this_month.month - earlier_month.month + 1
    assert len(months) == span >= 3
    assert [count for _month, count in months[1:-1]] == [0] * (span - 2)
    assert all(isinstance(day, date) and day.day == 1 for day, _count in months)
    assert participation_over_time([]) == []


def test_a_group_of_consultations_counts_each_person_once(make_consultation, django_assert_num_queries):
    pool, rink, camping = (make_consultation("proposals") for _ in range(3))
    both = UserFactory()
    ProposalFactory(consultation=pool, author=both)
    CommentFactory(target=rink, author=both)
    ProposalFactory(consultation=rink)
    ProposalFactory(consultation=camping)
    with django_assert_num_queries(1):
        totals = distinct_participants({"lyon": [pool.pk, rink.pk], "all": [pool.pk, rink.pk, camping.pk]})
    assert totals == {"lyon": 2, "all": 3}
    assert distinct_participants({"none": []}) == {"none": 0}
