"""Staff roles created by migration, and what each can reach in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Task, Workflow

from consultations.roles import EDITORS, ELECTED_OFFICIALS, MODERATORS, PAGE_REVIEW

pytestmark = pytest.mark.django_db


def test_the_staff_groups_and_the_review_workflow_have_french_names():
    names = set(Group.objects.values_list("name", flat=True))
    assert names >= {MODERATORS, EDITORS, ELECTED_OFFICIALS}
    assert not names & {"Moderators", "Editors", "Elected officials"}
    assert Workflow.objects.filter(name=PAGE_REVIEW).exists()
    assert not Workflow.objects.filter(name__icontains="approval").exists()
    assert not Task.objects.filter(name__icontains="approval").exists()


def test_an_editor_is_offered_to_submit_to_the_french_workflow(client, editor):
    from wagtail.models import Site

    client.force_login(editor)
    home = Site.objects.get(is_default_site=True).root_page
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    assert PAGE_REVIEW in response.content.decode()
    assert "Moderators approval" not in response.content.decode()


@pytest.mark.parametrize("role", ["moderator", "editor", "elected_official"])
def test_every_staff_role_reaches_the_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/admin/").status_code == 200


def test_a_citizen_cannot_reach_the_admin(client, citizen):
    client.force_login(citizen)
    response = client.get("/admin/")
    assert response.status_code in {302, 403}
    assert client.get("/admin/pages/").status_code in {302, 403}


def test_elected_officials_read_and_export_results_but_do_not_edit_pages(elected_official):
    assert elected_official.has_perm("consultations.view_results")
    assert elected_official.has_perm("consultations.export_results")
    assert not GroupPagePermission.objects.filter(group__name=ELECTED_OFFICIALS).exists()


def test_moderators_publish_pages_and_verify_residents(moderator):
    root = Page.objects.get(depth=1)
    assert GroupPagePermission.objects.filter(
        group__name=MODERATORS, page=root, permission__codename="publish_page"
    ).exists()
    assert moderator.has_perm("consultations.verify_resident")
    assert not moderator.has_perm("consultations.export_results")


def test_editors_draft_pages_and_style_sites_but_submit_for_moderation(client, editor):
    root = Page.objects.get(depth=1)
    editor_codenames = set(
        GroupPagePermission.objects.filter(group__name=EDITORS, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page"} <= editor_codenames
    assert "publish_page" not in editor_codenames
    assert editor.has_perm("home.change_siteidentity")
    client.force_login(editor)
    assert client.get("/admin/settings/home/siteidentity/").status_code in {200, 302}
