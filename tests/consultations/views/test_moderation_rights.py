"""Who reaches moderation, URL by URL: anonymous visitors, citizens (suspended or not), editors,
elected officials and a moderator of another site never see nor change a campsite contribution;
the campsite's moderators, the portal's moderators and administrators do."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Site

from consultations.models import Proposal
from consultations.roles import MODERATORS
from consultations.services import sanctions
from tests.factories import ProposalFactory, UserFactory

from .test_moderation_admin import campsite_moderator  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

TITLE = "Un auvent devant le bloc sanitaire"


@pytest.fixture
def campsite_item(campsite_moderator):  # noqa: F811
    _moderator, consultation = campsite_moderator
    return ProposalFactory(consultation=consultation, status=Proposal.Status.PENDING, title=TITLE)


def pools_moderator():
    """Moderates the default site (the pools) only."""
    group = Group.objects.create(name="Modération – Piscines")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_proposal", "moderate_comment"])
    )
    GroupPagePermission.objects.create(
        group=group,
        page=Site.objects.get(is_default_site=True).root_page,
        permission=Permission.objects.get(codename="publish_page"),
    )
    return UserFactory(groups=[group.name])


def suspended_citizen(moderator):
    citizen = UserFactory()
    sanctions.sanction_account(
        citizen, moderator=moderator, kind="suspension", reason="spam", until=timezone.now() + timedelta(days=3)
    )
    return citizen


def account(role, request, campsite_moderator):  # noqa: F811
    if role == "anonymous":
        return None
    if role == "suspended citizen":
        return suspended_citizen(request.getfixturevalue("moderator"))
    if role == "moderator of another site":
        return pools_moderator()
    if role == "moderator of this site":
        return campsite_moderator[0]
    if role == "portal moderator":
        return UserFactory(groups=[MODERATORS])
    if role == "administrator":
        return UserFactory(is_superuser=True, is_staff=True)
    return request.getfixturevalue(role)


def urls(item):
    bulk = f"/admin/bulk/consultations/proposal/approve/?id={item.pk}"
    return {
        "queue": "/admin/moderation/",
        "item": f"/admin/moderation/proposal/{item.pk}/",
        "selection": f"/admin/moderation/selection/?item=proposal-{item.pk}&decision=approve",
        "bulk": bulk,
    }


REFUSED = ["anonymous", "citizen", "suspended citizen", "editor", "elected_official", "moderator of another site"]
ALLOWED = ["moderator of this site", "portal moderator", "administrator"]


@pytest.mark.parametrize("role", REFUSED)
def test_who_may_not_moderate_the_campsite_sees_and_changes_nothing(
    client, request, role, campsite_item, campsite_moderator  # noqa: F811
):
    user = account(role, request, campsite_moderator)
    if user:
        client.force_login(user)
    pages = urls(campsite_item)
    for name, url in pages.items():
        response = client.get(url)
        html = response.content.decode()
        if response.status_code == 200:
            # A moderator of another site reaches the admin's moderation, but not this item.
            assert TITLE not in html or "rien ne sera modifié" in html, name
        else:
            assert response.status_code in {302, 403, 404}, name
            location = response.get("Location", "")
            if location.startswith("/admin/bulk/"):
                # The selection leads a moderator to the confirmation, which refuses what is not theirs.
                assert "rien ne sera modifié" in client.get(location).content.decode(), name
    client.post(pages["item"], {"decision": "approve", "seen_status": "pending"})
    client.post(pages["bulk"], {"seen": f"{campsite_item.pk}:pending"})
    client.post(pages["item"], {"sanction": "1", "kind": "ban", "reason": "spam"})
    campsite_item.refresh_from_db()
    campsite_item.author.refresh_from_db()
    assert campsite_item.status == Proposal.Status.PENDING
    assert campsite_item.author.suspended_until is None


@pytest.mark.parametrize("role", ALLOWED)
def test_the_campsites_moderators_and_administrators_moderate_it(
    client, request, role, campsite_item, campsite_moderator  # noqa: F811
):
    client.force_login(account(role, request, campsite_moderator))
    pages = urls(campsite_item)
    assert TITLE in client.get(pages["queue"]).content.decode()
    assert TITLE in client.get(pages["item"]).content.decode()
    assert "/admin/bulk/" in client.get(pages["selection"]).url
    response = client.post(pages["item"], {"decision": "approve", "seen_status": "pending"})
    assert response.status_code == 302
    campsite_item.refresh_from_db()
    assert campsite_item.status == Proposal.Status.PUBLISHED
