"""Each consultation's pages answer on its own site only (consultations/canonical.py), and the
addresses the portal redirects to are built from the request's site."""

import uuid
from urllib.parse import quote

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from consultations.models import Comment, ConsultationIndexPage, ConsultationPage
from home.models import HomePage
from tests.factories import filled_in, ConsultationPageFactory, FollowFactory, ProposalFactory

pytestmark = pytest.mark.django_db

RINK = "patinoire.example.fr:8443"


@pytest.fixture
def rink_consultation(home_page):
    root = Page.objects.get(depth=1)
    rink_home = root.add_child(instance=HomePage(title="Patinoire", slug="patinoire"))
    Site.objects.create(hostname="patinoire.example.fr", port=8443, root_page=rink_home, site_name="Patinoire")
    index = rink_home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    page = ConsultationPageFactory(parent=index, title="Soirées sur glace", slug="soirees", phase="proposals")
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def rink_proposal(rink_consultation):
    return ProposalFactory(consultation=rink_consultation, title="Une soirée disco sur glace")


def test_a_proposal_asked_on_another_site_moves_to_its_own(client, rink_proposal):
    response = client.get(f"{rink_proposal.get_absolute_url()}?tri=recent", HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == f"http://{RINK}/propositions/{rink_proposal.pk}/?tri=recent"


@pytest.mark.parametrize(
    "name", ["proposal_list", "results", "ballot", "deadline_ics", "open_data"],
)
def test_every_consultation_page_moves_to_its_own_site(client, rink_consultation, name):
    path = reverse(f"consultations:{name}", args=[rink_consultation.pk])
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == f"http://{RINK}{path}"


def test_a_proposal_on_its_own_site_is_shown(client, rink_proposal):
    response = client.get(rink_proposal.get_absolute_url(), HTTP_HOST=RINK)
    assert response.status_code == 200
    assert "Une soirée disco sur glace" in response.content.decode()


def test_a_comment_posted_on_another_site_is_refused_and_not_recorded(client, citizen, rink_proposal):
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:comment_create", args=["proposition", rink_proposal.pk]),
        {"body": "Posté depuis le mauvais site.", "stance": "for", "submission_key": str(uuid.uuid4()), **filled_in()},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert f"http://{RINK}/" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_followed_proposal_of_another_site_links_to_that_site(client, citizen, rink_proposal):
    FollowFactory(user=citizen, target=rink_proposal)
    client.force_login(citizen)
    html = client.get(reverse("consultations:account_notifications"), HTTP_HOST="localhost").content.decode()
    assert f'href="http://{RINK}/propositions/{rink_proposal.pk}/"' in html


def test_a_comment_redirects_to_the_page_on_the_requested_host(client, citizen, open_consultation, rink_consultation):
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:comment_create", args=["consultation", open_consultation.pk]),
        {"body": "Un commentaire sur la consultation.", "stance": "neutral", "submission_key": str(uuid.uuid4()), **filled_in()},
        HTTP_HOST="127.0.0.1:8000",
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{open_consultation.url_path.removeprefix('/home')}#comment-{comment.pk}"


def test_an_anonymous_follow_comes_back_to_the_consultation_after_signing_in(
    client, citizen, password, open_consultation, rink_consultation
):
    page_path = open_consultation.url_path.removeprefix("/home")
    response = client.post(
        reverse("consultations:consultation_follow", args=[open_consultation.pk]), HTTP_HOST="127.0.0.1:8000"
    )
    assert response["Location"] == f"{reverse('account_login')}?next={quote(page_path)}"
    signed_in = client.post(
        response["Location"], {"login": citizen.email, "password": password}, HTTP_HOST="127.0.0.1:8000"
    )
    assert signed_in["Location"] == page_path
