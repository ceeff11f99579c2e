"""The Wagtail admin works with the portal's email-based user model and per-site settings."""

import pytest
from wagtail.models import Site
from wagtail.users.models import UserProfile

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_screens_an_administrator_uses_every_day(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{site.root_page_id}/edit/",
        f"/admin/pages/add/home/standardpage/{site.root_page_id}/",
        f"/admin/settings/home/siteidentity/{site.pk}/",
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{admin.pk}/",
        "/admin/groups/",
        "/admin/account/",
    ]
    assert {url: client.get(url).status_code for url in urls} == {url: 200 for url in urls}


def test_admin_interface_follows_the_users_language(client, editor):
    client.force_login(editor)
    assert '<html lang="fr"' in client.get("/admin/").content.decode()
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert '<html lang="en"' in client.get("/admin/").content.decode()


def test_an_editor_sets_the_site_colours_and_a_bad_colour_is_refused(client, editor):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/home/siteidentity/{site.pk}/"
    response = client.post(url, {"primary_colour": "#fff8dc", "accent_colour": "#c2410c"})
    assert response.status_code == 200
    assert "primary_colour" in response.context["form"].errors
    response = client.post(
        url,
        {"organisation_name": "Piscines de la Métropole", "primary_colour": "#0b3d5c", "accent_colour": "#c2410c"},
    )
    assert response.status_code == 302
    assert "Piscines de la Métropole" in client.get("/").content.decode()


def test_the_portals_catalogue_leaves_wagtails_own_words_alone(client, editor):
    """Short words the portal translates its own way carry a context, so the admin menu keeps
    Wagtail's French ("Pages", not the portal's "Pagination")."""
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Pagination" not in html
    assert "Pages" in html


def test_the_admin_asks_no_third_party_for_avatars(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html



def test_the_dashboard_does_not_ask_wagtail_org_for_updates(client):
    # The check would make every administrator's browser call releases.wagtail.io, a third party
    # the privacy notice does not name; upgrades follow requirements.txt.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert "Dashboard" in html or "Tableau de bord" in html
    assert "w-upgrade" not in html
