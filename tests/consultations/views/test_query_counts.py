"""Pages cost a fixed number of queries whatever the number of proposals, comments and votes."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Comment, Proposal, Support
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fill(consultation, authors, count, *, comments_on=None):
    proposals = Proposal.objects.bulk_create(
        Proposal(
            consultation=consultation, author=authors[i % len(authors)], title=f"Proposition {i}",
            body="Une description suffisamment longue pour être valide.", status=Proposal.Status.PUBLISHED,
            support_count=1,
        )
        for i in range(count)
    )
    for proposal in proposals[:3]:
        proposal.tags.add("piscine", "famille")
    Support.objects.bulk_create(Support(proposal=p, user=authors[0]) for p in proposals)
    target = comments_on or proposals[0]
    field = "proposal" if isinstance(target, Proposal) else "consultation"
    parents = Comment.objects.bulk_create(
        Comment(author=authors[i % len(authors)], body=f"Avis {i}", **{field: target}) for i in range(count)
    )
    Comment.objects.bulk_create(
        Comment(author=authors[i % len(authors)], body=f"Réponse {i}", parent=parents[i], **{field: target})
        for i in range(count)
    )
    return proposals


# A page costs, once warm: one query for the versions of what it shows (freshness/versions.py),
# one for the site root paths Wagtail keeps in the default cache (a read of the database cache
# here, of Redis in production), and for a signed-in reader their session and account. The site
# itself is kept (freshness/sites.py). Anonymous visitors are mostly served from the page cache
# instead: one query (test_anonymous_cache.py).
ANONYMOUS, SIGNED_IN = 2, 4


def queries(client, url):
    client.get(url)  # draws and keeps the page's parts in this process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def building_queries(client, url):
    """Queries of a page drawn anew: what contributions it kept (threads, cards) forgotten."""
    client.get(url)
    caches["memo"].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def authors(db):
    return [UserFactory() for _ in range(5)]


@pytest.mark.parametrize("signed_in", [False, True])
def test_proposal_list_costs_the_same_with_10_and_500_proposals(client, make_consultation, authors, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    small, large = make_consultation("proposals"), make_consultation("proposals")
    fill(small, authors, 10)
    fill(large, authors, 500)
    url = "consultations:proposal_list"
    small_count = queries(client, reverse(url, args=[small.pk]))
    assert queries(client, reverse(url, args=[large.pk])) == small_count
    assert building_queries(client, reverse(url, args=[large.pk])) == building_queries(client, reverse(url, args=[small.pk]))
    assert small_count == (SIGNED_IN if signed_in else ANONYMOUS)


@pytest.mark.parametrize("signed_in", [False, True])
def test_proposal_page_costs_the_same_with_10_and_500_comments(client, make_consultation, authors, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    consultation = make_consultation("proposals")
    small = fill(consultation, authors, 10)[0]
    large = fill(consultation, authors, 500)[0]
    small_count = queries(client, small.get_absolute_url())
    assert queries(client, large.get_absolute_url()) == small_count
    assert building_queries(client, large.get_absolute_url()) == building_queries(client, small.get_absolute_url())
    assert small_count == (SIGNED_IN if signed_in else ANONYMOUS)


@pytest.mark.parametrize("signed_in", [False, True])
def test_consultation_page_costs_the_same_with_10_and_500_comments(client, make_consultation, authors, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    small = make_consultation("vote", vote_method="budget", budget=100, projects=[10, 20, 30])
    large = make_consultation("vote", vote_method="budget", budget=100, projects=[10, 20, 30])
    fill(small, authors, 10, comments_on=small)
    fill(large, authors, 500, comments_on=large)
    small_count = queries(client, small.url)
    assert queries(client, large.url) == small_count
    assert building_queries(client, large.url) == building_queries(client, small.url)
    assert small_count == (SIGNED_IN if signed_in else ANONYMOUS)


def test_consultation_list_costs_the_same_with_few_and_many_consultations(client, make_consultation, consultation_index):
    make_consultation("proposals")
    few = queries(client, consultation_index.url)
    for phase in ["information", "vote", "results", "proposals", "deliberation"] * 3:
        make_consultation(phase)
    assert queries(client, consultation_index.url) == few
