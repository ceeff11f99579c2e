"""What a citizen finds of their own contributions: "My contributions" lists them all with their
status, page by page; the readable "My data" page shows the newest of each kind. Both cost the
same number of queries whatever the number of contributions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, OpinionRound, Proposal, Statement
from tests.factories import (
    BallotFactory,
    CommentFactory,
    FollowFactory,
    LocalProjectPageFactory,
    ProposalFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

CONTRIBUTIONS = reverse("consultations:account_contributions")
MY_DATA = reverse("consultations:account_data")


def contribute(user, consultation, vote, n):
    """n contributions of each kind, spread over every kind of comment target."""
    project = LocalProjectPageFactory(parent=consultation, title=f"Projet {n}", slug=f"projet-{n}")
    opinion_round = OpinionRound.objects.create(consultation=consultation, title=f"Tour {n}", opens_at=timezone.now())
    for i in range(n):
        Statement.objects.create(
            round=opinion_round, author=user, text=f"Mon affirmation {n}-{i}",
            status=Statement.Status.REJECTED if i % 2 else Statement.Status.PUBLISHED, moderated_at=timezone.now(),
        )
        ProposalFactory(consultation=consultation, author=user, title=f"Ma proposition {n}-{i}")
        other = ProposalFactory(consultation=consultation, title=f"Proposition soutenue {n}-{i}")
        SupportFactory(proposal=other, user=user)
        CommentFactory(target=other, author=user, body=f"Commentaire sur une proposition {n}-{i}")
        CommentFactory(target=consultation, author=user, body=f"Commentaire sur la consultation {n}-{i}")
        CommentFactory(target=project, author=user, body=f"Commentaire sur un projet {n}-{i}")
        FollowFactory(user=user, target=other)
    BallotFactory(consultation=vote, voter=user)


def queries(client, url):
    """Queries of the page once what it keeps under the content version (site, identity, menus)
    is built: adding consultations publishes pages, which rebuilds those once."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def vote(make_consultation):
    from consultations.models import ConsultationPage

    return make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=1, projects=[10_000]
    )


@pytest.mark.parametrize(
    "url",
    [MY_DATA] + [f"{CONTRIBUTIONS}?type={kind}" for kind in ("proposals", "comments", "statements", "supports", "ballots")],
)
def test_the_pages_cost_the_same_queries_whatever_the_number_of_contributions(
    client, citizen, open_consultation, vote, make_consultation, url
):
    client.force_login(citizen)
    contribute(citizen, open_consultation, vote, 1)
    few = queries(client, url)
    contribute(citizen, make_consultation("proposals"), make_consultation(
        "vote", vote_method="approval", max_choices=1, projects=[5_000]), 6)

    assert queries(client, url) == few


def test_my_data_page_lists_contributions_ballots_and_follows(client, citizen, open_consultation, vote):
    contribute(citizen, open_consultation, vote, 1)
    client.force_login(citizen)

    html = client.get(MY_DATA).text

    for text in (
        "Ma proposition 1-0",
        "Commentaire sur une proposition 1-0",
        "Commentaire sur la consultation 1-0",
        "Commentaire sur un projet 1-0",
        "Proposition soutenue 1-0",
        f">{vote.title}</a>",
        "Comptabilisé",
        "proposition «\u00a0Proposition soutenue 1-0\u00a0»",
    ):
        assert text in html, text


def test_my_data_page_shows_the_newest_and_links_to_all(client, citizen, open_consultation):
    for i in range(22):
        ProposalFactory(consultation=open_consultation, author=citizen, title=f"Idée numéro {i:02d}")
    client.force_login(citizen)

    html = client.get(MY_DATA).text

    assert "Idée numéro 21" in html and "Idée numéro 02" in html
    assert "Idée numéro 01" not in html
    assert f'href="{CONTRIBUTIONS}?type=proposals">Voir les 22' in html


def test_my_contributions_tells_the_status_of_each(client, citizen, open_consultation):
    pending = ProposalFactory(consultation=open_consultation, author=citizen, title="Encore en relecture", status=Proposal.Status.PENDING)
    ProposalFactory(consultation=open_consultation, author=citizen, title="Retirée par moi", status=Proposal.Status.WITHDRAWN)
    ProposalFactory(consultation=open_consultation, author=citizen, title="Masquée", status=Proposal.Status.HIDDEN)
    ProposalFactory(consultation=open_consultation, title="Celle d'une autre personne")
    hidden = CommentFactory(target=pending, author=citizen, body="Un commentaire masqué", status=Comment.Status.HIDDEN)
    client.force_login(citizen)

    proposals = client.get(CONTRIBUTIONS).text
    comments = client.get(f"{CONTRIBUTIONS}?type=comments").text

    assert "En attente de modération" in proposals
    assert "Retirée par son auteur" in proposals
    assert "Masquée par la modération" in proposals
    assert f'href="{pending.get_absolute_url()}"' in proposals
    assert "Celle d'une autre personne" not in proposals
    assert f'href="{pending.get_absolute_url()}#comment-{hidden.pk}"' in comments
    assert "Masqué par la modération" in comments or "Masquée par la modération" in comments


def test_my_contributions_pages_through_long_lists(client, citizen, open_consultation):
    for i in range(25):
        ProposalFactory(consultation=open_consultation, author=citizen, title=f"Idée numéro {i:02d}")
    client.force_login(citizen)

    first = client.get(CONTRIBUTIONS).text
    second = client.get(f"{CONTRIBUTIONS}?type=proposals&page=2").text

    assert "Idée numéro 24" in first and "Idée numéro 04" not in first
    assert "Idée numéro 04" in second and "Idée numéro 24" not in second
    assert "Propositions (25)" in first


def test_my_contributions_is_linked_from_the_account_menu_and_needs_signing_in(client, citizen):
    assert client.get(CONTRIBUTIONS)["Location"].startswith("/accounts/login/")
    client.force_login(citizen)

    assert f'href="{CONTRIBUTIONS}"' in client.get(reverse("consultations:account_profile")).text


def test_an_unknown_kind_or_page_shows_the_first_page_of_proposals(client, citizen):
    client.force_login(citizen)

    response = client.get(f"{CONTRIBUTIONS}?type=%00&page=99999999999999999999")

    assert response.status_code == 200
    assert response.context["kind"] == "proposals"


def test_the_tabs_are_named_in_the_plural_whatever_the_count(client, citizen):
    # French makes 0 singular: a category name must not follow the count ("Proposition (0)").
    client.force_login(citizen)
    html = client.get("/accounts/contributions/").content.decode()
    assert "Propositions (0)" in html and "Commentaires (0)" in html
    assert "Proposition (0)" not in html
