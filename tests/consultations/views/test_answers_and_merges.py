"""Official answers and merges as people meet them: the admin forms that give them, and the
proposal's page, card, list filter and address once given."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from consultations.models import Proposal, Support
from consultations.services.answers import answer
from consultations.services.comments import post_comment
from consultations.services.merging import merge
from tests.consultations.other_sites import campsite
from tests.factories import ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

ITEM = "/admin/moderation/proposal/{}/"
ANSWER = "/admin/moderation/answer/{}/"


@pytest.fixture
def proposal(open_consultation):
    return ProposalFactory(consultation=open_consultation, title="Un bassin nordique")


def test_a_moderator_answers_from_the_proposals_moderation_page(client, moderator, proposal):
    client.force_login(moderator)
    url = ITEM.format(proposal.pk)
    assert "Publier la réponse officielle" in client.get(url).content.decode()

    refused = client.post(url, {"answer_status": "accepted", "answer_text": "<b>Oui</b>"})
    assert refused.status_code == 200 and "texte brut" in refused.content.decode().lower()
    proposal.refresh_from_db()
    assert proposal.answer_status == ""

    response = client.post(url, {"answer_status": "accepted", "answer_text": "Le bassin ouvrira en juin."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.answer_status, proposal.answer_text) == ("accepted", "Le bassin ouvrira en juin.")
    page = client.get(url).content.decode()
    assert "Modifier la réponse officielle" in page
    assert "Réponse officielle\xa0: — → Acceptée" in page  # in its history


def test_editors_answer_from_their_own_page_which_the_proposal_links_to(client, editor, proposal):
    client.force_login(editor)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="{ANSWER.format(proposal.pk)}"' in page

    assert client.get(ANSWER.format(proposal.pk)).status_code == 200
    response = client.post(
        ANSWER.format(proposal.pk), {"answer_status": "under_study", "answer_text": "Nous chiffrons le projet."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.answer_status == "under_study" and proposal.answered_by == editor


@pytest.mark.parametrize("role", ["citizen", "elected_official", "other_site_editor", "other_site_moderator"])
def test_others_neither_reach_the_answer_page_nor_see_its_link(client, request, role, proposal):
    if role.startswith("other_site"):
        moderator, editor, _ = campsite()
        user = moderator if role == "other_site_moderator" else editor
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)
    assert ANSWER.format(proposal.pk) not in client.get(proposal.get_absolute_url()).content.decode()
    assert client.get(ANSWER.format(proposal.pk)).status_code in {302, 403}
    client.post(ANSWER.format(proposal.pk), {"answer_status": "accepted", "answer_text": "Oui."})
    proposal.refresh_from_db()
    assert proposal.answer_status == ""


def test_the_answer_heads_the_proposals_page_in_a_region_with_a_heading(client, moderator, proposal):
    answer(proposal, by=moderator, status="accepted_with_changes", text="Oui, mais côté sud.")
    html = client.get(proposal.get_absolute_url()).content.decode()
    region = html.index('aria-labelledby="official-answer-heading"')
    assert '<h2 id="official-answer-heading"' in html
    assert "Acceptée avec modifications" in html[region:] and "Oui, mais côté sud." in html[region:]
    # Above the proposal's own text.
    assert region < html.index('class="proposal__body"')


def test_the_card_shows_the_answer_and_the_list_filters_on_it(client, moderator, open_consultation, proposal):
    other = ProposalFactory(consultation=open_consultation, title="Des casiers plus grands")
    refused = ProposalFactory(consultation=open_consultation, title="Un toboggan géant")
    answer(proposal, by=moderator, status="accepted", text="Oui.")
    answer(refused, by=moderator, status="not_retained", text="Trop cher.")
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])

    everything = client.get(url).content.decode()
    assert "Réponse officielle\xa0:" in everything and "Non retenue" in everything
    assert '<label for="proposal-answer">Réponse officielle</label>' in everything

    def listed(**query):
        html = client.get(url, query).content.decode()
        return {title for title in (proposal.title, other.title, refused.title) if escape(title) in html}

    assert listed(answer="accepted") == {proposal.title}
    assert listed(answer="answered") == {proposal.title, refused.title}
    assert listed(answer="unanswered") == {other.title}
    # An answer the filter does not know is ignored, as every list filter is.
    assert listed(answer="peut-être") == {proposal.title, other.title, refused.title}


def test_a_moderator_merges_from_the_moderation_page(client, moderator, open_consultation, proposal):
    duplicate = ProposalFactory(consultation=open_consultation, title="Une piscine nordique")
    elsewhere = ProposalFactory(title="Ailleurs")
    client.force_login(moderator)
    url = ITEM.format(duplicate.pk)
    page = client.get(url).content.decode()
    assert "Fusionner avec une autre proposition" in page and "Un bassin nordique" in page
    assert "Ailleurs" not in page  # only proposals of the same consultation are offered

    refused = client.post(url, {"into": elsewhere.pk})
    assert refused.status_code == 200
    duplicate.refresh_from_db()
    assert duplicate.status == Proposal.Status.PUBLISHED

    response = client.post(url, {"into": proposal.pk, "merge_note": "Même idée."})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (Proposal.Status.MERGED, proposal.pk)


def test_a_merged_proposal_leads_to_the_kept_one_which_says_so(client, moderator, open_consultation, proposal):
    duplicate = ProposalFactory(consultation=open_consultation, title="Une piscine nordique")
    SupportFactory(proposal=duplicate)
    post_comment(duplicate, author=UserFactory(), body="Un bassin d'eau froide, enfin !")
    merge(duplicate, into=proposal, by=moderator)

    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    html = client.get(response["Location"]).content.decode()
    assert "La proposition «\xa0Une piscine nordique\xa0» a été fusionnée avec celle-ci" in html
    assert "Cette proposition inclut la proposition «\xa0Une piscine nordique\xa0», fusionnée avec elle." in html
    assert Support.objects.filter(proposal=proposal).count() == 1
    # The duplicate's discussion is read where its address leads.
    assert "Un bassin d&#x27;eau froide, enfin !" in html

    listing = client.get(reverse("consultations:proposal_list", args=[open_consultation.pk])).content.decode()
    assert "Un bassin nordique" in listing and "Une piscine nordique" not in listing
