"""What every page needs (site, identity, menu, home page) is remembered per process
(home/site_memo.py) and forgotten as soon as an editor changes it in this process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import PageViewRestriction, Site

from home.models import HomePage, SiteIdentity, StandardPage

pytestmark = pytest.mark.django_db


def html_of(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def identity(home_page):
    return SiteIdentity.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"organisation_name": "Métropole Loisirs"}
    )[0]


def test_a_second_page_view_reads_neither_site_identity_nor_menu(client, identity):
    html_of(client)
    with CaptureQueriesContext(connection) as queries:
        html_of(client)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in tables and "home_siteidentity" not in tables
    assert "portal_cache" not in tables  # Wagtail's site root paths


def test_a_changed_identity_shows_on_the_next_page(client, identity):
    assert "Métropole Loisirs" in html_of(client)
    identity.organisation_name = "Rives de Saône Loisirs"
    identity.contact_email = "contact@rives.example"
    identity.save()
    html = html_of(client)
    assert "Rives de Saône Loisirs" in html and "contact@rives.example" in html  # header and footer


def test_a_published_page_enters_the_menu_and_an_unpublished_one_leaves_it(client, home_page):
    assert "Horaires" not in html_of(client)
    page = home_page.add_child(instance=StandardPage(title="Horaires", slug="horaires", show_in_menus=True))
    page.save_revision().publish()
    assert '<a href="/horaires/" lang="fr">Horaires</a>' in html_of(client)
    page.unpublish()
    assert "Horaires" not in html_of(client)


def test_a_page_made_private_leaves_the_menu(client, home_page):
    page = home_page.add_child(instance=StandardPage(title="Espace agents", slug="agents", show_in_menus=True))
    page.save_revision().publish()
    assert "Espace agents" in html_of(client)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Espace agents" not in html_of(client)


@override_settings(SITE_MEMO_SECONDS=30)
def test_the_home_page_body_changes_when_it_is_published_again(client, home_page):
    html_of(client)
    home_page.body = [("text", "<p>Nouveaux horaires d'été.</p>")]
    home_page.save_revision().publish()
    assert "Nouveaux horaires d" in html_of(client)


def test_deep_pages_are_found_in_one_query_then_remembered_and_unknown_ones_are_404(client, home_page):
    parent = home_page.add_child(instance=StandardPage(title="Infos", slug="infos"))
    child = parent.add_child(instance=StandardPage(title="Tarifs", slug="tarifs"))
    child.save_revision().publish()
    html_of(client, "/")
    with CaptureQueriesContext(connection) as queries:
        assert "Tarifs" in html_of(client, "/infos/tarifs/")
    routing = [q for q in queries.captured_queries if 'FROM "wagtailcore_page"' in q["sql"] and "url_path" in q["sql"]]
    assert len(routing) == 1
    with CaptureQueriesContext(connection) as queries:
        assert "Tarifs" in html_of(client, "/infos/tarifs/")
    assert 'FROM "wagtailcore_page"' not in " ".join(q["sql"] for q in queries.captured_queries)
    assert client.get("/infos/inconnue/").status_code == 404
    child.unpublish()
    assert client.get("/infos/tarifs/").status_code == 404


def test_robots_txt_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200


def test_with_no_memory_a_change_made_elsewhere_applies_at_once(client, home_page, settings):
    settings.SITE_MEMO_SECONDS = 0
    page = home_page.add_child(instance=StandardPage(title="Tarifs", slug="tarifs", show_in_menus=True))
    page.save_revision().publish()
    assert "Tarifs" in html_of(client, "/tarifs/")
    # Another process made it private: this one heard no signal.
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=page, restriction_type=PageViewRestriction.LOGIN)])
    assert client.get("/tarifs/").status_code == 302  # to the sign-in page


def test_editors_get_wagtails_user_bar_on_a_remembered_page(client, home_page, editor):
    page = home_page.add_child(instance=StandardPage(title="Tarifs", slug="tarifs"))
    page.save_revision().publish()
    client.force_login(editor)
    html_of(client, "/tarifs/")
    html = html_of(client, "/tarifs/")  # served from memory this time
    assert "wagtail-userbar" in html and f"/admin/pages/{page.pk}/edit/" in html


@pytest.mark.parametrize("live_first", [True, False])
def test_a_draft_preview_neither_leaks_to_visitors_nor_shows_the_live_page(client, home_page, live_first):
    home_page.body = [("text", "<p>Horaires d'hiver.</p>")]
    home_page.save_revision().publish()
    if live_first:
        assert "Horaires d" in html_of(client)
    # What the editor's preview renders: the live page with the form's changes, unsaved.
    draft = HomePage.objects.get(pk=home_page.pk)
    draft.body = [("text", "<p>Brouillon pas encore publié.</p>")]
    preview = draft.make_preview_request()
    assert "Brouillon pas encore publié." in preview.content.decode()
    html = html_of(client)
    assert "Brouillon" not in html and "Horaires d" in html
