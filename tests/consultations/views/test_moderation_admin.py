"""The moderation queue at /admin/moderation/: who reaches it, what it lists, how a decision is
taken on an item's page, and its cost whatever the queue's length."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from consultations.models import Comment, Proposal
from consultations.services import moderation
from tests.factories import CommentFactory, ConsultationPageFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/"


@pytest.fixture
def waiting(open_consultation):
    proposal = ProposalFactory(
        consultation=open_consultation, status=Proposal.Status.PENDING, title="Des vestiaires familiaux"
    )
    comment = CommentFactory(
        target=ProposalFactory(consultation=open_consultation),
        status=Comment.Status.PENDING,
        body="Un commentaire qui attend la relecture.",
    )
    return proposal, comment


@pytest.mark.parametrize("role", [None, "citizen", "editor", "elected_official"])
def test_only_moderators_reach_the_queue_and_its_items(client, request, role, waiting):
    proposal, _ = waiting
    if role:
        client.force_login(request.getfixturevalue(role))
    for url in (QUEUE, f"{QUEUE}proposal/{proposal.pk}/"):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert "Des vestiaires familiaux" not in response.content.decode()
    response = client.post(f"{QUEUE}proposal/{proposal.pk}/", {"decision": "approve", "seen_status": "pending"})
    assert response.status_code in {302, 403}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_the_queue_lists_waiting_proposals_and_comments_oldest_first(client, moderator, waiting):
    proposal, comment = waiting
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert html.index("Des vestiaires familiaux") < html.index("Un commentaire qui attend")
    # The admin menu, with the number waiting (its labels travel as JSON in the page).
    assert "Mod\\u00e9ration (2)" in client.get("/admin/").content.decode()

    only_comments = client.get(QUEUE, {"kind": "comment"}).content.decode()
    assert "Des vestiaires familiaux" not in only_comments
    assert "Un commentaire qui attend" in only_comments
    # Filters it does not know are ignored, never a server error.
    assert client.get(QUEUE, {"kind": "x", "site": "²", "consultation": "%00", "age": "9" * 50}).status_code == 200


def test_a_moderator_rejects_with_a_reason_from_the_items_page(client, moderator, waiting):
    proposal, _ = waiting
    client.force_login(moderator)
    url = f"{QUEUE}proposal/{proposal.pk}/"
    page = client.get(url).content.decode()
    assert "Des vestiaires familiaux" in page and "Insulte ou attaque personnelle" in page

    missing_reason = client.post(url, {"decision": "reject", "seen_status": "pending"})
    assert missing_reason.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING

    response = client.post(url, {"decision": "reject", "reason": "hors-sujet", "note": "Voir la charte.", "seen_status": "pending"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderation_reason.code) == (Proposal.Status.REJECTED, "hors-sujet")
    assert "Hors sujet" in client.get(url).content.decode()  # in its history


def test_a_decision_taken_meanwhile_is_not_overwritten(client, moderator, waiting):
    proposal, _ = waiting
    other = UserFactory(display_name="Karim T.", groups=[moderator.groups.first().name])
    moderation.approve(proposal, moderator=other)
    client.force_login(moderator)
    response = client.post(
        f"{QUEUE}proposal/{proposal.pk}/", {"decision": "reject", "reason": "spam", "seen_status": "pending"}
    )
    assert response.status_code == 200
    assert "Karim T." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PUBLISHED
    assert ModelLogEntry.objects.filter(action__startswith="consultations.moderation").count() == 1


def test_the_queue_costs_the_same_with_fifteen_or_fifteen_hundred_waiting(client, moderator, open_consultation):
    from django.utils import timezone

    from consultations.models import OpinionRound, Statement

    other = ConsultationPageFactory(parent=open_consultation.get_parent(), phase="proposals", slug="autre")
    author = UserFactory()
    target = ProposalFactory(consultation=other)
    opinion_round = OpinionRound.objects.create(consultation=other, title="Le bassin", opens_at=timezone.now())

    def fill(count):
        Proposal.objects.bulk_create(
            Proposal(consultation=open_consultation, author=author, title=f"Proposition {n}",
                     body="Une proposition qui attend sa relecture.", status=Proposal.Status.PENDING)
            for n in range(count)
        )
        Comment.objects.bulk_create(
            Comment(proposal=target, author=author, body=f"Commentaire {n}", status=Comment.Status.PENDING)
            for n in range(count)
        )
        Statement.objects.bulk_create(
            Statement(round=opinion_round, author=author, text=f"Affirmation {n}", status=Statement.Status.PENDING)
            for n in range(count)
        )

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(QUEUE)
            assert response.status_code == 200
        return len(queries), response.content.decode()

    client.force_login(moderator)
    fill(5)
    small, html = cost()
    assert "15 contributions" in html and "Mod\\u00e9ration (15)" in html
    assert "Affirmation 4" in html
    fill(495)
    large, html = cost()
    assert "1500 contributions" in html and "Mod\\u00e9ration (1500)" in html
    # The oldest page holds the three kinds.
    assert "Proposition 4" in html and "Commentaire 4" in html and "Affirmation 4" in html
    assert large == small == QUEUE_QUERIES


# Session, user, their permissions and Wagtail profile; the queue's count (which the admin menu's
# number reuses), its page of rows, the page's proposals, comments and statements (one query
# each); the filters' sites and
# consultations; Wagtail's admin frame (locales, page, collection and site permissions: the
# moderator's sites are read from Wagtail's page permissions, permissions._page_scope).
QUEUE_QUERIES = 17


@pytest.fixture
def campsite_moderator(db):
    """A moderator of the campsite only: its group publishes the campsite's pages and nothing else."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page, Site

    from consultations.models import ConsultationIndexPage
    from home.models import HomePage

    root = Page.objects.get(depth=1)
    home = root.add_child(instance=HomePage(title="Camping", slug="camping"))
    Site.objects.create(hostname="camping.example.fr", port=80, root_page=home)
    index = home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    group = Group.objects.create(name="Modération – Camping")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_proposal", "moderate_comment"])
    )
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="publish_page")
    )
    consultation = ConsultationPageFactory(parent=index, phase="proposals", slug="saison")
    return UserFactory(groups=[group.name]), consultation


def test_a_sites_moderator_moderates_that_site_only(client, waiting, campsite_moderator, moderator):
    pool_proposal, _ = waiting
    campsite_mod, campsite = campsite_moderator
    campsite_proposal = ProposalFactory(consultation=campsite, status=Proposal.Status.PENDING, title="Un abri à vélos")

    client.force_login(campsite_mod)
    html = client.get(QUEUE).content.decode()
    assert "Un abri à vélos" in html and "Des vestiaires familiaux" not in html
    response = client.get(f"{QUEUE}proposal/{pool_proposal.pk}/")
    assert response.status_code in {302, 403}
    assert "Des vestiaires familiaux" not in response.content.decode()
    client.post(f"{QUEUE}proposal/{pool_proposal.pk}/", {"decision": "approve", "seen_status": "pending"})
    pool_proposal.refresh_from_db()
    assert pool_proposal.status == Proposal.Status.PENDING
    with pytest.raises(PermissionDenied):
        moderation.approve(pool_proposal, moderator=campsite_mod)
    moderation.approve(campsite_proposal, moderator=campsite_mod)

    # The Modération group publishes from the root: it moderates every site.
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert "Des vestiaires familiaux" in html
    assert "Un abri à vélos" in client.get(QUEUE, {"state": "decided"}).content.decode()


def test_reported_contributions_come_first_with_their_reports(client, moderator, waiting, citizen):
    reported = CommentFactory(body="Un commentaire signalé par un habitant.")
    moderation.report(reported, reporter=citizen, reason="insulte", text="Il insulte un agent.")
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert html.index("Un commentaire signalé") < html.index("Des vestiaires familiaux")
    page = client.get(f"{QUEUE}comment/{reported.pk}/").content.decode()
    assert "Il insulte un agent." in page and "Insulte ou attaque personnelle" in page
    only_reported = client.get(QUEUE, {"state": "reported"}).content.decode()
    assert "Un commentaire signalé" in only_reported and "Des vestiaires familiaux" not in only_reported


def test_a_moderator_suspends_an_author_from_an_item_and_lifts_it(client, moderator, waiting):
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Sanction

    proposal, _ = waiting
    url = f"{QUEUE}proposal/{proposal.pk}/"
    client.force_login(moderator)
    assert "Sanctionner ce compte" in client.get(url).content.decode()

    refused = client.post(url, {"sanction": "1", "kind": "suspension", "reason": "spam"})
    assert refused.status_code == 200 and not Sanction.objects.exists()

    until = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"sanction": "1", "kind": "suspension", "reason": "spam", "until": until})
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    proposal.author.refresh_from_db()
    assert proposal.author.suspended_until is not None

    assert client.post(url, {"lift": "²"}).status_code in {302, 404}
    client.post(url, {"lift": str(sanction.pk), "note": "Erreur de cible."})
    sanction.refresh_from_db()
    proposal.author.refresh_from_db()
    assert sanction.lifted_at is not None and proposal.author.suspended_until is None
