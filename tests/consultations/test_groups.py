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


def test_a_page_an_editor_submits_is_announced_to_moderators_who_approve_and_publish_it(
    client, editor, moderator, django_capture_on_commit_callbacks
):
    """Wagtail's own workflow: the editor's submission (what the editor's "Submit to Relecture par
    la modération" does) emails the moderators and waits on their dashboard; a moderator's approval
    publishes it, and the history keeps both steps."""
    from django.core import mail
    from wagtail.models import PageLogEntry, Site

    home = Site.objects.get(is_default_site=True).root_page.specific
    home.title = "Accueil revu par la rédaction"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision(user=editor)
        home.get_workflow().start(home, editor)
    home.refresh_from_db()
    assert home.has_unpublished_changes and home.current_workflow_state is not None
    assert any(moderator.email in message.to for message in mail.outbox)

    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "Accueil revu par la rédaction" in dashboard
    task_state = home.current_workflow_state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{home.pk}/approve/{task_state.pk}/", {"comment": "Relu."}
        )
    assert response.status_code in {200, 302}
    home.refresh_from_db()
    assert home.title == "Accueil revu par la rédaction" and not home.has_unpublished_changes
    actions = set(PageLogEntry.objects.filter(page=home).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions
