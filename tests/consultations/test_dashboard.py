"""The Wagtail dashboard of staff who edit no page: elected officials find the consultations of
every site with their participation and their results, and are not offered a search they may not
use."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from consultations.models import ConsultationIndexPage, ConsultationPage, Proposal
from consultations.selectors import consultation_overview
from home.models import HomePage
from tests.factories import BallotFactory, ConsultationPageFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rink_vote(home_page):
    root = Page.objects.get(depth=1)
    rink_home = root.add_child(instance=HomePage(title="Patinoire", slug="patinoire"))
    Site.objects.create(
        hostname="patinoire.example.fr", port=8443, root_page=rink_home, site_name="Patinoire"
    )
    index = rink_home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    page = ConsultationPageFactory(
        parent=index, title="Soirées sur glace", slug="soirees", phase="vote",
        vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=1, projects=[1_000],
    )
    return ConsultationPage.objects.get(pk=page.pk)


def test_an_elected_official_finds_each_sites_consultations_and_their_results(
    client, elected_official, make_consultation, rink_vote
):
    pool = make_consultation("proposals", title="Horaires des piscines")
    ProposalFactory(consultation=pool, status=Proposal.Status.PUBLISHED)
    ProposalFactory(consultation=pool, status=Proposal.Status.PENDING)
    BallotFactory(consultation=rink_vote)
    BallotFactory(consultation=rink_vote)

    client.force_login(elected_official)
    html = client.get("/admin/").content.decode()

    assert "Horaires des piscines" in html
    assert "Soirées sur glace" in html
    # Results are read on the consultation's own site, whatever host serves the admin.
    assert f'href="http://patinoire.example.fr:8443/consultations/{rink_vote.pk}/resultats/"' in html
    rows = {row.consultation.pk: row for row in consultation_overview()}
    assert (rows[pool.pk].proposals, rows[pool.pk].ballots) == (1, 0)
    assert (rows[rink_vote.pk].proposals, rows[rink_vote.pk].ballots) == (0, 2)
    assert rows[rink_vote.pk].site.hostname == "patinoire.example.fr"


def test_the_overview_costs_two_queries_however_many_consultations(make_consultation, rink_vote):
    for n in range(5):
        ProposalFactory(consultation=make_consultation("proposals"), status=Proposal.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        rows = consultation_overview()
        [(row.site.root_page.path, row.proposals) for row in rows]
    assert len(rows) == 6
    assert len(queries) == 2


def test_those_who_may_not_search_pages_are_not_offered_the_search(client, elected_official, editor):
    client.force_login(elected_official)
    html = client.get("/admin/").content.decode()
    assert 'role="search"' not in html
    assert "pages/search" not in html

    client.force_login(editor)
    assert 'role="search"' in client.get("/admin/").content.decode()


def test_citizens_and_editors_do_not_get_the_results_panel(client, editor, moderator):
    client.force_login(editor)
    assert 'id="consultation-results' not in client.get("/admin/").content.decode()
    # Moderators read results before they are public, so they get it too.
    client.force_login(moderator)
    assert 'id="consultation-results' in client.get("/admin/").content.decode()
