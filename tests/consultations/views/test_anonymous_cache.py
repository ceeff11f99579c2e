"""Whole public pages are cached briefly for anonymous visitors, and never anything personal."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, len(context.captured_queries)


def test_second_anonymous_visit_is_served_from_the_cache(client, home_page):
    first, first_queries = queries(client, "/")
    second, second_queries = queries(client, "/")
    assert first_queries > 0 and second_queries == 0
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
    assert count > 0
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
    again, count = queries(client, url)
    assert count == 0 and again.content == first.content
    assert "proposal_order" not in again.cookies


def test_a_page_with_a_csrf_token_is_never_shared(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from portal.anonymous_cache import AnonymousPageCacheMiddleware

    rendered = []

    def page_with_a_form(request):
        rendered.append(get_token(request))
        return HttpResponse("<form>…</form>", content_type="text/html; charset=utf-8")

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    middleware(rf.get("/formulaire/"))
    middleware(rf.get("/formulaire/"))
    assert len(rendered) == 2


def test_pages_are_fresh_again_after_the_delay(client, open_consultation):
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    client.get(url)
    submit_proposal(open_consultation, author=UserFactory(), title="Un toboggan", body="Un toboggan pour les enfants.")
    assert "Un toboggan" not in client.get(url).content.decode()  # still the kept copy
    caches["pages"].clear()  # what the expiry does
    assert "Un toboggan" in client.get(url).content.decode()


def test_a_consultation_with_comments_is_still_shared_between_anonymous_visitors(client, open_consultation):
    from consultations.services.comments import post_comment

    first = post_comment(open_consultation, author=UserFactory(), body="Des vestiaires plus grands.")
    post_comment(open_consultation, author=UserFactory(), body="D'accord avec vous.", parent=first)
    response, _count = queries(client, open_consultation.url)
    assert "Des vestiaires plus grands." in response.content.decode()
    assert "csrftoken" not in response.cookies
    again, count = queries(client, open_consultation.url)
    assert count == 0 and again.content == response.content
