"""Before publishing, citizens see their proposal as it will appear and the similar ones."""

import uuid

import pytest
from django.urls import reverse

from consultations.models import Proposal
from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory, filled_in

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Un toboggan pour les petits",
    "body": "Le bassin ludique manque d'un petit toboggan pour les enfants de 3 à 6 ans.",
    "tags": "enfants", "address": "Bassin ludique", "neighbourhood": "",
    **filled_in(),
}


@pytest.fixture
def similar(open_consultation, make_consultation):
    author = UserFactory()
    close = submit_proposal(
        open_consultation, author=author, title="Un grand toboggan aquatique",
        body="Un toboggan pour les grands et les petits.",
    )
    other = make_consultation("proposals")
    elsewhere = submit_proposal(other, author=author, title="Un toboggan ailleurs", body="Dans une autre consultation.")
    unrelated = submit_proposal(
        open_consultation, author=author, title="Des horaires plus larges", body="Ouvrir plus tard le soir en été.",
    )
    return close, elsewhere, unrelated


def create(client, consultation, **fields):
    return client.post(reverse("consultations:proposal_create", args=[consultation.pk]), {**GOOD, **fields})


def test_the_preview_shows_the_proposal_and_similar_ones_and_stores_nothing(client, citizen, open_consultation, similar):
    close, elsewhere, unrelated = similar
    client.force_login(citizen)
    response = create(client, open_consultation, step="preview", submission_key=str(uuid.uuid4()))
    content = response.content.decode()
    assert response.templates[0].name == "consultations/proposal_preview.html"
    assert "Vérifier avant de publier" in content and "Un toboggan pour les petits" in content
    assert "Des propositions proches existent déjà" in content
    assert f'href="{close.get_absolute_url()}"' in content
    assert elsewhere.get_absolute_url() + '"' not in content and unrelated.title not in content
    assert Proposal.objects.filter(author=citizen).count() == 0
    assert 'value="publish"' in content and 'value="edit"' in content


def test_publish_from_the_preview_stores_the_proposal_once(client, citizen, open_consultation):
    client.force_login(citizen)
    key = str(uuid.uuid4())
    preview = create(client, open_consultation, step="preview", submission_key=key).content.decode()
    assert f'name="submission_key" value="{key}"' in preview
    response = create(client, open_consultation, step="publish", submission_key=key)
    proposal = Proposal.objects.get(author=citizen)
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.address == "Bassin ludique"


def test_edit_from_the_preview_gives_the_form_back_filled_in(client, citizen, open_consultation):
    client.force_login(citizen)
    response = create(client, open_consultation, step="edit", submission_key=str(uuid.uuid4()))
    assert response.templates[0].name == "consultations/proposal_form.html"
    assert 'value="Un toboggan pour les petits"' in response.content.decode()
    assert not response.context["form"].errors
    assert not Proposal.objects.filter(author=citizen).exists()


def test_the_similar_fragment_lists_up_to_five_published_proposals_of_the_consultation(client, open_consultation, similar):
    close, elsewhere, unrelated = similar
    for number in range(6):
        submit_proposal(open_consultation, author=UserFactory(), title=f"Toboggan numéro {number}", body="Encore un toboggan pour le bassin.")
    hidden = submit_proposal(open_consultation, author=UserFactory(), title="Un toboggan masqué", body="Masqué par la modération.")
    Proposal.objects.filter(pk=hidden.pk).update(status=Proposal.Status.HIDDEN)
    url = reverse("consultations:proposal_similar", args=[open_consultation.pk])
    response = client.get(url, {"title": "toboggan"})
    assert response.content.decode().count("<li>") == 5
    assert "masqué" not in response.content.decode() and "ailleurs" not in response.content.decode()
    assert client.get(url, {"title": "un"}).content.decode().strip() == ""


def test_the_form_announces_similar_proposals_politely(client, citizen, open_consultation):
    client.force_login(citizen)
    form = client.get(reverse("consultations:proposal_create", args=[open_consultation.pk])).content.decode()
    assert 'aria-live="polite" data-similar-proposals' in form
    assert 'value="preview"' in form
