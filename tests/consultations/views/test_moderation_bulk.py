"""Decisions on a selection of the queue: Wagtail's bulk actions, one kind after the other, each
item decided by the same rules as alone, and nothing changed by a selection a moderator could not
have made."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from consultations.models import Comment, Proposal
from consultations.services import moderation
from tests.factories import CommentFactory, ProposalFactory, UserFactory

from .test_moderation_admin import campsite_moderator  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SELECTION = "/admin/moderation/selection/"


@pytest.fixture
def queue(open_consultation):
    proposals = [
        ProposalFactory(consultation=open_consultation, status=Proposal.Status.PENDING, title=f"Proposition en attente {n}")
        for n in range(3)
    ]
    target = ProposalFactory(consultation=open_consultation)
    comments = [
        CommentFactory(target=target, status=Comment.Status.PENDING, body=f"Commentaire en attente numéro {n}.")
        for n in range(2)
    ]
    return proposals, comments


def selection(*items):
    return [f"{'proposal' if isinstance(item, Proposal) else 'comment'}-{item.pk}" for item in items]


def confirm(client, url, **data):
    """Confirm one of Wagtail's bulk pages as a moderator would: read it, then send its form."""
    page = client.get(url)
    assert page.status_code == 200
    seen = page.context["form"].initial["seen"]
    return client.post(url, {"seen": seen, **data})


def test_a_moderator_rejects_proposals_and_comments_selected_together(
    client, moderator, queue, django_capture_on_commit_callbacks
):
    proposals, comments = queue
    client.force_login(moderator)
    queue_page = client.get("/admin/moderation/").content.decode()
    assert 'name="item"' in queue_page and "Poursuivre" in queue_page

    start = client.get(SELECTION, {"item": selection(*proposals, *comments), "decision": "reject", "kind": ""})
    assert start.status_code == 302
    first = start.url
    assert "/admin/bulk/consultations/proposal/reject/" in first
    page = client.get(first).content.decode()
    assert all(proposal.title in page for proposal in proposals)

    # A rejection needs its reason: without one, nothing changes.
    refused = client.post(first, {"seen": client.get(first).context["form"].initial["seen"]})
    assert refused.status_code == 200
    assert Proposal.objects.filter(status="pending").count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, first, reason="hors-sujet", note="Hors du périmètre de la piscine.")
    assert done.status_code == 302
    then = done.url
    assert "/admin/bulk/consultations/comment/reject/" in then
    assert Proposal.objects.filter(pk__in=[p.pk for p in proposals], status="rejected").count() == 3
    assert all(
        p.moderation_reason.code == "hors-sujet"
        for p in Proposal.objects.filter(pk__in=[p.pk for p in proposals])
    )
    # The reason chosen for the proposals is offered again for the comments.
    assert client.get(then).context["form"].initial["reason"] == "hors-sujet"

    with django_capture_on_commit_callbacks(execute=True):
        back = confirm(client, then, reason="hors-sujet")
    assert back.status_code == 302 and back.url.startswith("/admin/moderation/")
    assert Comment.objects.filter(pk__in=[c.pk for c in comments], status="rejected").count() == 2
    # As many decisions as items: one log entry and one email each.
    assert ModelLogEntry.objects.filter(action=moderation.REJECT.action).count() == 5
    assert len(mail.outbox) == 5


def test_an_item_decided_meanwhile_is_left_as_it_is_and_named(client, moderator, queue):
    proposals, _comments = queue
    client.force_login(moderator)
    url = client.get(SELECTION, {"item": selection(*proposals), "decision": "approve"}).url
    seen = client.get(url).context["form"].initial["seen"]

    other = UserFactory(groups=["Modération"], display_name="Nadia")
    moderation.reject(proposals[0], moderator=other, reason="spam")

    response = client.post(url, {"seen": seen}, follow=True)
    html = response.content.decode()
    assert "Nadia" in html and "Proposition en attente 0" in html
    statuses = dict(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("title", "status"))
    assert statuses == {
        "Proposition en attente 0": "rejected",
        "Proposition en attente 1": "published",
        "Proposition en attente 2": "published",
    }


def test_a_tampered_selection_changes_nothing(client, moderator, queue, campsite_moderator):  # noqa: F811
    proposals, _comments = queue
    campsite_mod, _campsite = campsite_moderator
    client.force_login(campsite_mod)
    # The campsite's moderator edits the address to take in the pools' proposals.
    url = f"/admin/bulk/consultations/proposal/approve/?id={proposals[0].pk}&id={proposals[1].pk}"
    page = client.get(url)
    assert "rien ne sera modifié" in page.content.decode()
    client.post(url, {"seen": f"{proposals[0].pk}:pending"})

    client.force_login(moderator)
    for address in (
        f"/admin/bulk/consultations/proposal/approve/?id={proposals[0].pk}&id=abc",
        f"/admin/bulk/consultations/proposal/approve/?id={proposals[0].pk}&id=999999",
    ):
        client.post(address, {"seen": ""})
    assert client.get(SELECTION, {"item": ["proposal-1", "ballot-3"], "decision": "approve"}).status_code == 302
    assert client.get(SELECTION, {"item": selection(proposals[0]), "decision": "delete"}).status_code == 302
    assert not Proposal.objects.filter(pk__in=[p.pk for p in proposals]).exclude(status="pending").exists()
    assert not ModelLogEntry.objects.filter(action__startswith="consultations.moderation").exists()


@pytest.mark.parametrize("role", [None, "citizen", "editor", "elected_official"])
def test_only_moderators_take_bulk_decisions(client, request, role, queue):
    proposals, _comments = queue
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(SELECTION, {"item": selection(*proposals), "decision": "approve"})
    assert response.status_code in {302, 403}
    assert "/admin/bulk/" not in response.get("Location", "")
    url = f"/admin/bulk/consultations/proposal/approve/?id={proposals[0].pk}"
    assert client.post(url, {"seen": f"{proposals[0].pk}:pending"}).status_code in {302, 403}
    assert Proposal.objects.filter(status="pending").count() == 3


def test_the_chain_of_confirmations_keeps_the_queues_filters(client, moderator, queue):
    _proposals, comments = queue
    client.force_login(moderator)
    url = client.get(SELECTION, {"item": selection(*comments), "decision": "approve", "kind": "comment"}).url
    assert parse_qs(urlsplit(url).query)["next"] == ["/admin/moderation/?kind=comment"]
