"""The demo seeded once for the package (see conftest.seeded_demo): each facility's site carries its
own consultations, and the sites run on the port the portal is served on."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page, Site

from consultations.models import ConsultationPage, Proposal, User
from consultations.services.notifications import notify_status_change
from tests.factories import ProposalFactory, UserFactory


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def consultation(slug):
    return ConsultationPage.objects.get(slug=slug)


@pytest.mark.parametrize(
    ("slug", "hostname"),
    [
        ("camping-des-iles-saison-2027", "camping.localhost"),
        ("parvis-de-la-patinoire-pendant-les-travaux", "patinoire.localhost"),
    ],
)
def test_a_facility_consultation_lives_on_the_facility_site(client, slug, hostname):
    page = consultation(slug)
    assert page.get_site().hostname == hostname
    response = client.get(page.url_path.removeprefix(page.get_site().root_page.url_path[:-1]), HTTP_HOST=hostname)
    assert response.status_code == 200


def test_the_campsite_lists_its_consultations_in_its_menu_and_home_page(client):
    home = client.get("/", HTTP_HOST="camping.localhost").text
    assert 'href="/consultations/"' in home
    assert "Camping des Îles : préparons la saison 2027".replace(" :", "\u00a0:") in home
    listing = client.get("/consultations/", HTTP_HOST="camping.localhost")
    assert listing.status_code == 200
    assert "saison 2027" in listing.text


def test_the_main_portal_no_longer_lists_the_campsite_consultation(client):
    listing = client.get("/consultations/", HTTP_HOST="localhost").text
    assert "saison 2027" not in listing


def test_sites_run_on_the_port_given_and_move_with_it():
    assert {site.port for site in Site.objects.all()} == {8000}
    pages = Page.objects.count()

    output = io.StringIO()
    call_command("seed_demo", scale=0, port=8811, stdout=output)

    assert {site.port for site in Site.objects.all()} == {8811}
    assert Page.objects.count() == pages
    assert "http://camping.localhost:8811/" in output.getvalue()
    assert "http://127.0.0.1:8811/accounts/login/" in output.getvalue()
    assert ":8000" not in output.getvalue()


def test_emails_link_to_the_site_on_its_port(django_capture_on_commit_callbacks):
    call_command("seed_demo", scale=0, port=8811, stdout=io.StringIO())
    proposal = ProposalFactory(
        consultation=consultation("camping-des-iles-saison-2027"), author=UserFactory(),
        status=Proposal.Status.REJECTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_status_change(proposal, old_status=Proposal.Status.PENDING)
    assert f"http://camping.localhost:8811/propositions/{proposal.pk}/" in mail.outbox[0].body


def test_a_database_seeded_before_each_site_had_its_consultations_is_put_right():
    camping = consultation("camping-des-iles-saison-2027")
    portal_index = Site.objects.get(hostname="localhost").root_page.get_children().get(slug="consultations")
    camping.move(portal_index, pos="last-child")
    pages = Page.objects.count()

    call_command("seed_demo", scale=0, stdout=io.StringIO())

    assert Page.objects.count() == pages
    assert consultation("camping-des-iles-saison-2027").get_site().hostname == "camping.localhost"


def test_no_consultation_lists_the_same_proposal_title_twice():
    call_command("seed_demo", scale=2, stdout=io.StringIO())

    repeated = (
        Proposal.objects.values("consultation_id", "title").annotate(count=Count("pk")).filter(count__gt=1)
    )
    assert Proposal.objects.count() > 50
    assert list(repeated) == []


@pytest.mark.parametrize(
    ("email", "own", "other"),
    [
        ("redaction.camping@demo.example", "camping-des-iles-saison-2027", "renovation-piscine-saint-roch"),
        ("redaction@demo.example", "renovation-piscine-saint-roch", "camping-des-iles-saison-2027"),
    ],
)
def test_a_site_editor_edits_the_pages_of_their_site_only(client, email, own, other):
    client.force_login(User.objects.get(email=email))

    assert client.get(f"/admin/pages/{consultation(own).pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{consultation(other).pk}/edit/").status_code in (302, 403)
