"""Whole public pages are kept for anonymous visitors until what they show changes, never
anything personal, and the memory they take is bounded."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import activity
from consultations.models import Proposal
from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, len(context.captured_queries)


def test_second_anonymous_visit_costs_one_query_for_its_versions(client, home_page):
    first, first_queries = queries(client, "/")
    second, second_queries = queries(client, "/")
    assert first_queries > 1 and second_queries == 1
    assert second.content == first.content
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"


def test_each_language_has_its_own_copy(client, home_page):
    client.get("/")
    client.cookies["portal_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_signed_in_visitors_always_get_a_fresh_page(client, home_page, citizen):
    client.get("/")
    client.force_login(citizen)
    response, count = queries(client, "/")
    assert count > 1
    assert "Camille M." in response.content.decode()


def test_each_visitor_keeps_one_random_order_of_proposals(client, open_consultation):
    for number in range(25):
        submit_proposal(
            open_consultation, author=UserFactory(), title=f"Idée numéro {number}",
            body="Une idée assez longue pour être une vraie proposition.",
        )
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    first = client.get(url)
    seed = first.cookies["proposal_order"].value
    assert 1 <= int(seed) <= 64
    # The first visit taught the portal that this page varies on the order; the next one, with
    # the visitor's order, draws and keeps it; from then on it costs the versions' query.
    client.get(url)
    again, count = queries(client, url)
    assert count == 1 and again.content == first.content
    assert "proposal_order" not in again.cookies


def test_a_newcomer_to_a_kept_list_is_dealt_an_order_and_served_from_memory(client, open_consultation):
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    client.get(url)  # the portal learns that this page varies on the visitor's order
    client.cookies.clear()
    client.get(url)  # a newcomer: dealt an order, page drawn and kept for that order
    seed = client.cookies["proposal_order"].value
    client.cookies.clear()
    client.cookies["proposal_order"] = seed
    again, count = queries(client, url)
    assert count == 1 and again.status_code == 200


def test_the_random_order_only_keys_the_pages_it_orders(client, home_page):
    client.get("/")
    kept = caches["pages"].size_in_bytes
    for seed in range(1, 20):
        client.cookies["proposal_order"] = str(seed)
        response, count = queries(client, "/")
        assert count == 1
    assert caches["pages"].size_in_bytes == kept


def test_a_page_with_a_csrf_token_is_never_shared(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from freshness.page_cache import AnonymousPageCacheMiddleware

    rendered = []

    def page_with_a_form(request):
        rendered.append(get_token(request))
        return HttpResponse("<form>…</form>", content_type="text/html; charset=utf-8")

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    middleware(rf.get("/formulaire/"))
    middleware(rf.get("/formulaire/"))
    assert len(rendered) == 2


def test_a_new_proposal_shows_on_the_very_next_anonymous_visit(client, open_consultation):
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    client.get(url)
    client.get(url)
    submit_proposal(open_consultation, author=UserFactory(), title="Un toboggan", body="Un toboggan pour les enfants.")
    assert "Un toboggan" in client.get(url).content.decode()


def test_a_hidden_proposal_is_gone_from_the_very_next_anonymous_visit(client, open_consultation):
    proposal = submit_proposal(
        open_consultation, author=UserFactory(), title="Un propos injurieux", body="Un texte que la modération retire.",
    )
    for url in (reverse("consultations:proposal_list", args=[open_consultation.pk]), open_consultation.url):
        assert "Un propos injurieux" in client.get(url).content.decode()
    # A bulk write, as moderation tools may make: it bumps what it touched, like the services.
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.HIDDEN)
    activity.touch(open_consultation.pk)
    for url in (reverse("consultations:proposal_list", args=[open_consultation.pk]), open_consultation.url):
        assert "Un propos injurieux" not in client.get(url).content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_an_unpublished_page_is_gone_from_the_very_next_anonymous_visit(client, open_consultation):
    assert client.get(open_consultation.url).status_code == 200
    assert client.get(open_consultation.url).status_code == 200
    url = open_consultation.url
    open_consultation.unpublish()
    assert client.get(url).status_code == 404


def test_made_up_query_parameters_do_not_fill_the_memory(client, home_page):
    client.get("/")
    kept = caches["pages"].size_in_bytes
    for number in range(50):
        response = client.get(f"/?utm_source=campagne-{number}")
        assert response.status_code == 200
    assert caches["pages"].size_in_bytes == kept


def test_a_consultation_with_comments_is_still_shared_between_anonymous_visitors(client, open_consultation):
    from consultations.services.comments import post_comment

    first = post_comment(open_consultation, author=UserFactory(), body="Des vestiaires plus grands.")
    post_comment(open_consultation, author=UserFactory(), body="D'accord avec vous.", parent=first)
    response, _count = queries(client, open_consultation.url)
    assert "Des vestiaires plus grands." in response.content.decode()
    assert "csrftoken" not in response.cookies
    again, count = queries(client, open_consultation.url)
    assert count == 1 and again.content == response.content


def test_a_hidden_comment_disappears_at_once_for_anonymous_visitors(client, moderator):
    from consultations.services import moderation
    from tests.factories import CommentFactory

    comment = CommentFactory(body="Un message haineux que la modération va masquer.")
    url = reverse("consultations:proposal_detail", args=[comment.proposal_id])
    assert "haineux" in client.get(url).content.decode()
    assert queries(client, url)[1] == 1  # served from the kept copy

    moderation.hide(comment, moderator=moderator, reason="haine")

    assert "haineux" not in client.get(url).content.decode()
