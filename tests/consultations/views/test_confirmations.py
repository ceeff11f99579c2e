"""Destructive actions ask first, without JavaScript: a GET shows what will happen, with a
confirm button and a way back; only the POST acts."""

import pytest
from django.urls import reverse

from consultations.models import Proposal
from tests.factories import CommentFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_withdraw_button_leads_to_a_confirmation_that_changes_nothing(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation, author=citizen, title="Des casiers plus grands")
    client.force_login(citizen)
    url = reverse("consultations:proposal_withdraw", args=[proposal.pk])

    detail = client.get(proposal.get_absolute_url()).text
    confirmation = client.get(url)

    assert f'<a class="button button--danger" href="{url}">' in detail
    assert confirmation.status_code == 200
    assert "Retirer ma proposition définitivement" in confirmation.text
    assert f'href="{proposal.get_absolute_url()}">Annuler' in confirmation.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PUBLISHED

    client.post(url)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_only_the_author_is_asked_to_confirm_a_withdrawal(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation)
    client.force_login(citizen)

    response = client.get(reverse("consultations:proposal_withdraw", args=[proposal.pk]))

    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()


def test_the_delete_link_of_a_comment_leads_to_a_confirmation_that_changes_nothing(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation)
    comment = CommentFactory(target=proposal, author=citizen, body="Un avis que je pourrais retirer.")
    client.force_login(citizen)
    url = reverse("consultations:comment_delete", args=[comment.pk])

    detail = client.get(proposal.get_absolute_url()).text
    confirmation = client.get(url)

    assert f'<a href="{url}">Supprimer</a>' in detail
    assert confirmation.status_code == 200
    assert "Un avis que je pourrais retirer." in confirmation.text
    assert "Supprimer mon commentaire définitivement" in confirmation.text
    comment.refresh_from_db()
    assert comment.deleted_at is None

    client.post(url)
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_someone_elses_comment_gets_no_confirmation_page(client, citizen, open_consultation):
    comment = CommentFactory(target=ProposalFactory(consultation=open_consultation))
    client.force_login(citizen)

    response = client.get(reverse("consultations:comment_delete", args=[comment.pk]))

    assert response.status_code == 302


def test_the_account_deletion_page_offers_a_way_back(client, citizen):
    client.force_login(citizen)

    html = client.get(reverse("consultations:account_delete")).text

    assert f'href="{reverse("consultations:account_profile")}">Annuler' in html
