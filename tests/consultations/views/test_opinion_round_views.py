"""An opinion round for participants: one statement at a time, the fewest answered first; answers
changed in place; every refusal stores nothing and says why; statements proposed for moderation."""

import datetime
import html
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import opinion_reads
from consultations.models import ConsultationPage, OpinionRound, Sanction, Statement, StatementVote
from consultations.ratelimits import LIMITS
from consultations.services.sanctions import sanction_account
from tests.factories import UserFactory, filled_in
from consultations.roles import MODERATORS

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
Status = Statement.Status


@pytest.fixture
def opinion_round(open_consultation):
    now = timezone.now()
    return OpinionRound.objects.create(
        consultation=open_consultation, title="Les horaires de la piscine",
        introduction="Dites-nous ce que vous pensez des horaires.",
        opens_at=now - DAY, closes_at=now + DAY,
    )


def add_statements(opinion_round, *texts, status=Status.PUBLISHED):
    return [Statement.objects.create(round=opinion_round, text=text, status=status) for text in texts]


def round_url(opinion_round):
    return reverse("consultations:opinion_round", args=[opinion_round.consultation_id, opinion_round.pk])


def vote_url(opinion_round):
    return reverse("consultations:statement_vote", args=[opinion_round.consultation_id, opinion_round.pk])


def answers_url(opinion_round):
    return reverse("consultations:opinion_answers", args=[opinion_round.consultation_id, opinion_round.pk])


def propose_url(opinion_round):
    return reverse("consultations:statement_propose", args=[opinion_round.consultation_id, opinion_round.pk])


def page_text(response):
    """The page as a reader sees its characters: entities decoded, no-break spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


def shown_statement(response):
    match = re.search(r'<input type="hidden" name="statement" value="(\d+)">', response.content.decode())
    return int(match.group(1)) if match else None


def give_votes(statement, count):
    StatementVote.objects.bulk_create(
        StatementVote(statement=statement, participant=UserFactory(), value=1) for _ in range(count)
    )


# Order ----------------------------------------------------------------------------------------


def test_a_statement_without_votes_comes_before_one_with_five(client, opinion_round, citizen):
    voted, fresh = add_statements(opinion_round, "Ouvrir plus tôt le matin", "Fermer plus tard le soir")
    give_votes(voted, 5)
    client.force_login(citizen)
    response = client.get(round_url(opinion_round))
    assert shown_statement(response) == fresh.pk
    assert opinion_reads.next_statement(opinion_round, citizen) == fresh


def test_ties_are_shuffled_per_participant_and_stable(opinion_round):
    statements = add_statements(opinion_round, *(f"Affirmation numéro {i}" for i in range(12)))
    participants = [UserFactory() for _ in range(8)]
    firsts = [opinion_reads.next_statement(opinion_round, p).pk for p in participants]
    assert len(set(firsts)) > 1, "every participant meets the same first statement"
    # Stable: the same participant meets the same statement again, the one the Python rank says.
    for participant, first in zip(participants, firsts, strict=True):
        assert opinion_reads.next_statement(opinion_round, participant).pk == first
        expected = min(statements, key=lambda s: (opinion_reads.shuffle_rank(participant.pk, s.pk), s.pk))
        assert first == expected.pk


def test_hidden_pending_and_answered_statements_are_not_offered(opinion_round, citizen):
    add_statements(opinion_round, "Une affirmation cachée", status=Status.HIDDEN)
    add_statements(opinion_round, "Une affirmation en attente", status=Status.PENDING)
    (published,) = add_statements(opinion_round, "Une affirmation publiée")
    assert opinion_reads.next_statement(opinion_round, citizen) == published
    StatementVote.objects.create(statement=published, participant=citizen, value=0)
    assert opinion_reads.next_statement(opinion_round, citizen) is None


# Voting ---------------------------------------------------------------------------------------


def test_voting_moves_to_the_next_statement_with_a_confirmation(client, opinion_round, citizen):
    first, second = add_statements(opinion_round, "Ouvrir plus tôt le matin", "Fermer plus tard le soir")
    client.force_login(citizen)
    response = client.get(round_url(opinion_round))
    assert "0 sur 2 affirmations" in response.content.decode()
    shown = shown_statement(response)
    response = client.post(vote_url(opinion_round), {"statement": shown, "value": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{round_url(opinion_round)}?repondu={shown}#affirmation"
    response = client.get(response["Location"])
    page = page_text(response)
    assert StatementVote.objects.get(participant=citizen).statement_id == shown
    assert shown_statement(response) == ({first.pk, second.pk} - {shown}).pop()
    assert "1 sur 2 affirmations" in page
    assert 'role="status"' in page and "Votre réponse « d'accord » est enregistrée." in page
    next_shown = shown_statement(response)
    response = client.post(vote_url(opinion_round), {"statement": next_shown, "value": "0"}, follow=True)
    page = response.content.decode()
    assert "Vous avez répondu à toutes les affirmations" in page
    assert shown_statement(response) is None
    assert answers_url(opinion_round) in page


def test_changing_an_answer_keeps_one_row(client, opinion_round, citizen):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "1"})
    response = client.get(answers_url(opinion_round))
    assert "Ouvrir plus tôt le matin" in response.content.decode()
    response = client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "-1", "from": "answers"})
    assert response["Location"] == f"{answers_url(opinion_round)}?repondu={statement.pk}#reponse-{statement.pk}"
    assert list(StatementVote.objects.values_list("participant", "value")) == [(citizen.pk, -1)]
    assert "Votre réponse « pas d'accord » est enregistrée." in page_text(client.get(response["Location"]))


def test_the_confirmation_repeats_only_a_stored_answer(client, opinion_round, citizen):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    page = client.get(f"{round_url(opinion_round)}?repondu={statement.pk}").content.decode()
    assert "est enregistrée" not in page


@pytest.mark.parametrize(
    "change, message",
    [
        ("hidden", "Cette affirmation ne peut pas être votée."),
        ("pending", "Cette affirmation ne peut pas être votée."),
        ("closed", "Ce tour d'opinions n'est pas ouvert au vote."),
        ("bad value", "d'accord, pas d'accord ou passer"),
        ("no value", "d'accord, pas d'accord ou passer"),
        ("other round", "Cette affirmation ne fait pas partie de ce tour d'opinions."),
        ("forged id", "Cette affirmation ne fait pas partie de ce tour d'opinions."),
    ],
)
def test_a_refused_answer_stores_nothing_and_says_why(client, opinion_round, citizen, change, message):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    data = {"statement": statement.pk, "value": "1"}
    if change in {"hidden", "pending"}:
        Statement.objects.filter(pk=statement.pk).update(status=change)
    elif change == "closed":
        OpinionRound.objects.filter(pk=opinion_round.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    elif change == "bad value":
        data["value"] = "2"
    elif change == "no value":
        del data["value"]
    elif change == "other round":
        other = OpinionRound.objects.create(
            consultation=opinion_round.consultation, title="Autre", opens_at=opinion_round.opens_at
        )
        data["statement"] = add_statements(other, "Une affirmation d'un autre tour")[0].pk
    else:
        data["statement"] = "12abc"
    client.force_login(citizen)
    response = client.post(vote_url(opinion_round), data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert not StatementVote.objects.exists()


def test_nobody_votes_for_somebody_else(client, opinion_round, citizen):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    other = UserFactory()
    client.force_login(citizen)
    client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "1", "participant": other.pk, "user": other.pk})
    assert list(StatementVote.objects.values_list("participant", flat=True)) == [citizen.pk]


def test_a_second_identical_vote_counts_once(client, opinion_round, citizen):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    for _ in range(2):
        client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "1"})
    assert StatementVote.objects.count() == 1


def test_anonymous_visitors_read_the_statements_without_a_form(client, opinion_round):
    add_statements(opinion_round, "Ouvrir plus tôt le matin")
    add_statements(opinion_round, "Une affirmation en attente", status=Status.PENDING)
    response = client.get(round_url(opinion_round))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ouvrir plus tôt le matin" in page and "en attente" not in page
    assert shown_statement(response) is None and 'name="value"' not in page
    assert f"/accounts/login/?next={round_url(opinion_round)}" in page


def test_a_statement_published_by_a_moderator_is_listed_at_once(client, opinion_round, moderator):
    from consultations.services.moderation import approve, hide

    (shown,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    (pending,) = add_statements(opinion_round, "Fermer plus tard le soir", status=Status.PENDING)
    assert "Fermer plus tard" not in page_text(client.get(round_url(opinion_round)))  # kept from now on
    approve(pending, moderator=moderator)
    hide(shown, moderator=moderator, reason="spam")
    page = page_text(client.get(round_url(opinion_round)))
    assert "Fermer plus tard le soir" in page and "Ouvrir plus tôt" not in page


def test_an_anonymous_vote_goes_to_sign_in(client, opinion_round):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    response = client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "1"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not StatementVote.objects.exists()


def test_a_resident_only_consultation_says_why_and_shows_no_buttons(client, make_consultation, citizen):
    consultation = make_consultation("proposals", audience=ConsultationPage.Audience.RESIDENTS)
    opinion_round = OpinionRound.objects.create(consultation=consultation, title="T", opens_at=timezone.now() - DAY)
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    page = page_text(client.get(round_url(opinion_round)))
    assert "réservée aux habitants vérifiés" in page and 'name="value"' not in page
    response = client.post(vote_url(opinion_round), {"statement": statement.pk, "value": "1"})
    assert response.status_code == 403
    assert not StatementVote.objects.exists()


@pytest.mark.parametrize("opens, closes, message", [(-3, -1, "Ce tour d'opinions est clos."), (1, 3, "Ce tour d'opinions n'est pas encore ouvert.")])
def test_a_round_outside_its_dates_shows_no_buttons(client, opinion_round, citizen, opens, closes, message):
    now = timezone.now()
    OpinionRound.objects.filter(pk=opinion_round.pk).update(opens_at=now + opens * DAY, closes_at=now + closes * DAY)
    add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    page = page_text(client.get(round_url(opinion_round)))
    assert message in page
    assert "Ouvrir plus tôt le matin" in page and 'name="value"' not in page
    assert propose_url(opinion_round) not in page


def test_a_round_of_another_consultation_is_not_found(client, opinion_round, make_consultation):
    other = make_consultation("proposals")
    response = client.get(reverse("consultations:opinion_round", args=[other.pk, opinion_round.pk]))
    assert response.status_code == 404


def test_the_consultation_page_links_to_its_rounds_with_their_numbers(client, opinion_round, citizen):
    first, second = add_statements(opinion_round, "Ouvrir plus tôt le matin", "Fermer plus tard le soir")
    give_votes(first, 2)
    page = client.get(opinion_round.consultation.url).content.decode()
    assert round_url(opinion_round) in page
    assert "2 affirmations" in page and "2 participants" in page
    # A first vote refreshes the numbers kept with the page.
    client.force_login(citizen)
    client.post(vote_url(opinion_round), {"statement": second.pk, "value": "1"})
    assert "3 participants" in client.get(opinion_round.consultation.url).content.decode()


def test_only_a_participants_first_vote_in_a_round_moves_its_version(client, opinion_round, citizen):
    from freshness.models import Version

    first, second = add_statements(opinion_round, "Ouvrir plus tôt le matin", "Fermer plus tard le soir")
    key = f"opinions:{opinion_round.consultation_id}"

    def version():
        return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0

    client.force_login(citizen)
    before = version()
    client.post(vote_url(opinion_round), {"statement": first.pk, "value": "1"})
    joined = version()
    client.post(vote_url(opinion_round), {"statement": second.pk, "value": "1"})
    client.post(vote_url(opinion_round), {"statement": first.pk, "value": "-1"})
    assert (joined, version()) == (before + 1, before + 1)


def test_votes_are_rate_limited(client, opinion_round, citizen, settings):
    (statement,) = add_statements(opinion_round, "Ouvrir plus tôt le matin")
    limit, period = LIMITS["statement_vote"]
    LIMITS["statement_vote"] = (2, period)
    try:
        client.force_login(citizen)
        statuses = [client.post(vote_url(opinion_round), {"statement": statement.pk, "value": v}).status_code for v in ("1", "-1", "0")]
    finally:
        LIMITS["statement_vote"] = (limit, period)
    assert statuses == [302, 302, 400]
    assert StatementVote.objects.get().value == -1


# Proposing ------------------------------------------------------------------------------------


def propose(client, opinion_round, text):
    return client.post(propose_url(opinion_round), {"text": text, **filled_in()})


def test_a_proposed_statement_awaits_moderation_and_is_not_offered(client, opinion_round, citizen):
    client.force_login(citizen)
    response = propose(client, opinion_round, "  Ouvrir   le bassin nordique l'hiver  ")
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert (statement.text, statement.status, statement.author) == ("Ouvrir le bassin nordique l'hiver", Status.PENDING, citizen)
    page = page_text(client.get(response["Location"]))
    assert "Votre affirmation attend la validation de la modération" in page
    assert shown_statement(client.get(round_url(opinion_round))) is None
    # Once published, it is offered.
    Statement.objects.filter(pk=statement.pk).update(status=Status.PUBLISHED)
    assert shown_statement(client.get(round_url(opinion_round))) == statement.pk


def test_the_same_form_sent_twice_makes_one_statement(client, opinion_round, citizen):
    client.force_login(citizen)
    propose(client, opinion_round, "Ouvrir le bassin nordique l'hiver")
    assert propose(client, opinion_round, "Ouvrir le bassin nordique l'hiver").status_code == 302
    assert Statement.objects.count() == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("OUVRIR plus   tôt le matin", "Cette affirmation figure déjà dans le tour."),
        ("Trop court", None),
        ("court", "au moins 10 caractères"),
        ("x" * 141, "au plus 140 caractères"),
    ],
)
def test_bad_statements_are_refused(client, opinion_round, citizen, text, message):
    add_statements(opinion_round, "Ouvrir plus tôt le matin")
    client.force_login(citizen)
    response = propose(client, opinion_round, text)
    if message is None:  # exactly 10 characters: accepted
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in page_text(response)
    assert Statement.objects.count() == 1


def test_a_suspended_account_may_not_propose(client, opinion_round):
    suspended = UserFactory()
    sanction_account(
        suspended, moderator=UserFactory(groups=[MODERATORS]), kind=Sanction.Kind.SUSPENSION,
        reason="spam", until=timezone.now() + 3 * DAY,
    )
    client.force_login(suspended)
    page = client.get(propose_url(opinion_round)).content.decode()
    assert "Votre compte est suspendu" in page and "<textarea" not in page
    response = propose(client, opinion_round, "Ouvrir le bassin nordique l'hiver")
    assert "Votre compte est suspendu" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_round_without_citizens_statements_offers_no_form(client, opinion_round, citizen):
    OpinionRound.objects.filter(pk=opinion_round.pk).update(accepts_statements=False)
    client.force_login(citizen)
    assert propose_url(opinion_round) not in client.get(round_url(opinion_round)).content.decode()
    propose(client, opinion_round, "Ouvrir le bassin nordique l'hiver")
    assert not Statement.objects.exists()


def test_proposals_are_rate_limited(client, opinion_round, citizen):
    client.force_login(citizen)
    limit, _period = LIMITS["statement"]
    statuses = [propose(client, opinion_round, f"Affirmation proposée numéro {i}").status_code for i in range(limit + 1)]
    assert statuses == [302] * limit + [400]
    assert Statement.objects.count() == limit


# Cost -----------------------------------------------------------------------------------------


def page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_round_page_costs_the_same_whatever_its_size(client, make_consultation, citizen, signed_in):
    rounds = []
    for size in (3, 60):
        consultation = make_consultation("proposals")
        opinion_round = OpinionRound.objects.create(consultation=consultation, title="T", opens_at=timezone.now() - DAY)
        statements = add_statements(opinion_round, *(f"Affirmation numéro {i}" for i in range(size)))
        voters = [UserFactory() for _ in range(size // 3)]
        StatementVote.objects.bulk_create(
            StatementVote(statement=s, participant=v, value=1) for s in statements for v in voters
        )
        StatementVote.objects.bulk_create(StatementVote(statement=s, participant=citizen, value=0) for s in statements[:2])
        rounds.append(opinion_round)
    if signed_in:
        client.force_login(citizen)
    counts = [page_queries(client, round_url(r)) for r in rounds]
    # Both: the versions, the site root paths (tests/consultations/views/test_query_counts.py) and
    # the round. Signed in: their session and account, the next statement, the number of
    # statements and their answers. Anonymous: the statements are kept.
    assert counts == ([8, 8] if signed_in else [3, 3])
    caches["memo"].clear()
    answers = [page_queries(client, answers_url(r)) for r in rounds] if signed_in else []
    assert answers == ([6, 6] if signed_in else [])
