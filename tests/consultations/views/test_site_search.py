"""One search across the site's consultations, pages and published proposals."""

import pytest
from django.urls import reverse

from consultations.models import Proposal
from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get(reverse("consultations:site_search"), {"q": query, **params})


@pytest.fixture
def proposals(open_consultation):
    author = UserFactory()
    shown = submit_proposal(
        open_consultation, author=author, title="Un bassin nordique chauffé",
        body="Nager dehors l'hiver dans un bassin chauffé.",
    )
    hidden = submit_proposal(
        open_consultation, author=UserFactory(), title="Un bassin secret",
        body="Une proposition masquée par la modération.",
    )
    Proposal.objects.filter(pk=hidden.pk).update(status=Proposal.Status.HIDDEN)
    return shown, hidden


def test_search_finds_published_proposals_and_pages_of_the_site(client, open_consultation, proposals):
    response = search(client, "bassin")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Un bassin nordique chauffé" in content
    assert "Un bassin secret" not in content
    assert 'value="bassin"' in content  # the query is echoed in the field
    pages = search(client, open_consultation.title)
    assert [page.pk for page in pages.context["pages"]] == [open_consultation.pk]


def test_search_leaves_out_pages_of_other_sites(client, open_consultation, proposals):
    from wagtail.models import Page, Site

    other_root = Page.get_first_root_node().add_child(title="Autre site bassin", slug="autre-site")
    other_root.add_child(title="Autre bassin", slug="autre-bassin")
    Site.objects.create(hostname="autre.localhost", root_page=other_root)
    titles = [page.title for page in search(client, "bassin").context["pages"]]
    assert "Autre bassin" not in titles and "Autre site bassin" not in titles


def test_search_results_are_paginated(client, open_consultation):
    for number in range(12):
        submit_proposal(
            open_consultation, author=UserFactory(), title=f"Plongeoir numéro {number}",
            body="Un plongeoir de plus pour le grand bassin.",
        )
    first = search(client, "plongeoir")
    assert first.context["proposals"].paginator.count == 12
    assert len(first.context["proposals"].object_list) == 10
    assert len(search(client, "plongeoir", proposals=2).context["proposals"].object_list) == 2


def test_search_results_are_never_kept_for_anonymous_visitors(client, open_consultation, proposals, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    assert "Un bassin nordique chauffé" in search(client, "bassin").content.decode()
    assert "Un bassin nordique chauffé" not in search(client, "toboggan").content.decode()
    submit_proposal(
        open_consultation, author=UserFactory(), title="Un deuxième bassin",
        body="Encore un bassin pour les nageurs du soir.",
    )
    assert "Un deuxième bassin" in search(client, "bassin").content.decode()


def test_the_header_links_to_the_search(client, open_consultation):
    assert f'href="{reverse("consultations:site_search")}"' in client.get(open_consultation.url).content.decode()
