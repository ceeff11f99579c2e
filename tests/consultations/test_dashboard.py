"""The Wagtail dashboard of staff who edit no page: elected officials find the consultations of
every site with their participation and their results, and are not offered a search they may not
use."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from consultations.models import ConsultationIndexPage, ConsultationPage, Proposal
from consultations.selectors import consultation_overview
from freshness import versions
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
    consultation_overview()  # a process keeps the sites' root paths (freshness/sites.py)
    # As in a request, whose page has already read the content version.
    token = versions.start(versions.Reader(always=[versions.CONTENT]))
    versions.current().get(versions.CONTENT)
    try:
        with CaptureQueriesContext(connection) as queries:
            rows = consultation_overview()
            [(row.site.root_page.path, row.proposals) for row in rows]
    finally:
        versions.stop(token)
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


def test_a_moderator_sees_each_sites_queue_its_oldest_item_and_the_time_decisions_took(
    client, moderator, make_consultation, rink_vote
):
    from datetime import timedelta

    from django.utils import timezone

    pool = make_consultation("proposals", title="Horaires des piscines")
    now = timezone.now()
    old = ProposalFactory(consultation=pool, status=Proposal.Status.PENDING, title="Des bancs au bord du bassin")
    ProposalFactory(consultation=pool, status=Proposal.Status.PENDING, title="Une nouvelle attente")
    Proposal.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=3))
    rink_proposal = ProposalFactory(consultation=rink_vote, status=Proposal.Status.PENDING, title="Du patin le dimanche")
    # Decisions of the last thirty days on the pools' site took 2 h, 4 h and 9 h: the median is 4 h.
    for hours in (2, 4, 9):
        decided = ProposalFactory(consultation=pool, status=Proposal.Status.PUBLISHED)
        Proposal.objects.filter(pk=decided.pk).update(
            created_at=now - timedelta(days=1, hours=hours), moderated_at=now - timedelta(days=1)
        )
    stale = ProposalFactory(consultation=pool, status=Proposal.Status.PUBLISHED)
    Proposal.objects.filter(pk=stale.pk).update(
        created_at=now - timedelta(days=60), moderated_at=now - timedelta(days=40)
    )

    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="moderation-overview'):]
    panel = panel[: panel.index("</table>")]
    pools_row, rink_row = panel.split("<tr>")[2:4]
    assert "<td>2</td>" in pools_row and "Des bancs au bord du bassin" in pools_row
    assert f"/admin/moderation/proposal/{old.pk}/" in pools_row
    assert "4\u00a0h" in pools_row and "3\u00a0décisions" in pools_row
    assert "Patinoire" in rink_row and "<td>1</td>" in rink_row and "Du patin le dimanche" in rink_row
    assert f"/admin/moderation/proposal/{rink_proposal.pk}/" in rink_row


def test_a_sites_moderator_sees_that_site_only_and_others_no_panel(client, editor, rink_vote, citizen):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from tests.factories import UserFactory

    group = Group.objects.create(name="Modération – Patinoire")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_proposal", "moderate_comment"])
    )
    GroupPagePermission.objects.create(
        group=group, page=rink_vote.get_site().root_page, permission=Permission.objects.get(codename="publish_page")
    )
    client.force_login(UserFactory(groups=[group.name]))
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="moderation-overview'):]
    panel = panel[: panel.index("</table>")]
    assert "Patinoire" in panel and panel.count("<tr>") == 2

    client.force_login(editor)
    assert 'id="moderation-overview' not in client.get("/admin/").content.decode()
