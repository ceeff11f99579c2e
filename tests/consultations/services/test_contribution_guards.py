"""Spam guards of the services that write contributions (consultations/contribution_guards.py):
few links from accounts less than a day old, never the same text twice within an hour."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.contribution_guards import count_links
from consultations.models import Comment, Proposal
from consultations.services.comments import edit_comment, post_comment
from consultations.services.proposals import edit_proposal, submit_proposal
from tests.factories import ProposalFactory, UserFactory, filled_in

pytestmark = pytest.mark.django_db

TWO_LINKS = "Voir https://exemple.fr/bassin et www.exemple.fr/horaires avant de décider."
TOO_MANY = "less than a day old: you may include at most 1 link"
REPEATED = "You already posted this text less than an hour ago"


def old_account():
    return UserFactory(date_joined=timezone.now() - timedelta(days=2))


def propose(consultation, author, *, title="Des bancs à l'ombre", body="Installer trois bancs sous les platanes.", **kwargs):
    return submit_proposal(consultation, author=author, title=title, body=body, **kwargs)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Aucun lien ici.", 0),
        ("https://exemple.fr", 1),
        ("http://www.exemple.fr", 1),
        ("WWW.exemple.fr et HTTPS://autre.fr/page", 2),
        ("Voir sur www.a.fr, www.b.fr et http://c.fr.", 3),
    ],
)
def test_links_are_counted_once_each(text, links):
    assert count_links(text) == links


def test_a_young_account_may_include_one_link_but_not_two(open_consultation):
    author = UserFactory()
    propose(open_consultation, author, body="Le détail est sur https://exemple.fr/bassin, lisez-le.")
    with pytest.raises(ValidationError, match=TOO_MANY):
        propose(open_consultation, author, title="Des horaires plus larges", body=TWO_LINKS)
    with pytest.raises(ValidationError, match=TOO_MANY):
        propose(open_consultation, author, title="Voir www.exemple.fr", body="Et aussi http://exemple.fr/plan, merci.")
    assert Proposal.objects.filter(author=author).count() == 1


def test_an_account_older_than_a_day_may_include_more_links(open_consultation):
    author = old_account()
    propose(open_consultation, author, body=TWO_LINKS)
    post_comment(open_consultation, author=author, body=f"{TWO_LINKS} Et http://trois.fr.")
    assert Proposal.objects.filter(author=author).count() == 1
    assert Comment.objects.filter(author=author).count() == 1


def test_a_young_account_comments_with_one_link_at_most(open_consultation, settings):
    author = UserFactory()
    with pytest.raises(ValidationError, match=TOO_MANY):
        post_comment(open_consultation, author=author, body=TWO_LINKS)
    assert not Comment.objects.filter(author=author).exists()
    settings.YOUNG_ACCOUNT_MAX_LINKS = 2
    post_comment(open_consultation, author=author, body=TWO_LINKS)
    assert Comment.objects.filter(author=author).count() == 1


def test_links_cannot_be_added_by_editing(open_consultation):
    author = UserFactory()
    proposal = propose(open_consultation, author)
    comment = post_comment(open_consultation, author=author, body="Un commentaire sans lien.")
    with pytest.raises(ValidationError, match=TOO_MANY):
        edit_proposal(proposal, editor=author, title=proposal.title, body=TWO_LINKS)
    with pytest.raises(ValidationError, match=TOO_MANY):
        edit_comment(comment, editor=author, body=TWO_LINKS)
    proposal.refresh_from_db()
    comment.refresh_from_db()
    assert "https" not in proposal.body and "https" not in comment.body


def test_the_same_proposal_text_twice_within_an_hour_is_refused(open_consultation, make_consultation):
    author = UserFactory()
    first = propose(open_consultation, author)
    with pytest.raises(ValidationError, match=REPEATED):
        propose(make_consultation(), author, title="Un autre titre", body="  INSTALLER trois bancs\nsous les platanes. ")
    assert list(Proposal.objects.filter(author=author)) == [first]


def test_the_same_text_is_accepted_after_an_hour_or_from_another_account(open_consultation):
    author = UserFactory()
    first = propose(open_consultation, author)
    propose(open_consultation, UserFactory())
    Proposal.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    propose(open_consultation, author)
    assert Proposal.objects.count() == 3


def test_a_form_sent_twice_still_gives_the_first_proposal_and_no_error(open_consultation):
    author = UserFactory()
    key = uuid.uuid4()
    first = propose(open_consultation, author, submission_key=key)
    assert propose(open_consultation, author, submission_key=key) == first
    assert Proposal.objects.count() == 1


def test_the_same_comment_twice_within_an_hour_is_refused_anywhere(open_consultation):
    author = UserFactory()
    proposal = ProposalFactory(consultation=open_consultation)
    key = uuid.uuid4()
    first = post_comment(proposal, author=author, body="Excellente idée !", submission_key=key)
    assert post_comment(proposal, author=author, body="Excellente idée !", submission_key=key) == first
    with pytest.raises(ValidationError, match=REPEATED):
        post_comment(open_consultation, author=author, body="excellente   idée !")
    post_comment(open_consultation, author=UserFactory(), body="Excellente idée !")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=2))
    post_comment(open_consultation, author=author, body="Excellente idée !")
    assert Comment.objects.filter(author=author).count() == 2


def test_the_pages_say_why_in_french_and_a_double_click_still_lands_on_the_comment(client, open_consultation):
    author = UserFactory()
    client.force_login(author)
    url = reverse("consultations:comment_create", args=["consultation", open_consultation.pk])
    comment = {"body": "Pensez aux familles.", "stance": "for", "submission_key": str(uuid.uuid4()), **filled_in()}
    first = client.post(url, comment)
    again = client.post(url, comment)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    refused = client.post(url, {**comment, "submission_key": str(uuid.uuid4())})
    assert refused.status_code == 400
    assert "Vous avez déjà publié ce texte il y a moins d&#x27;une heure" in refused.content.decode()
    proposal = client.post(
        reverse("consultations:proposal_create", args=[open_consultation.pk]),
        {"title": "Des horaires plus larges", "body": TWO_LINKS, "tags": "", "address": "", "neighbourhood": "",
         "step": "publish", **filled_in()},
    )
    assert "Votre compte a moins d&#x27;un jour\u00a0: vous pouvez mettre au plus 1 lien" in proposal.content.decode()
    assert Comment.objects.filter(author=author).count() == 1
    assert not Proposal.objects.filter(author=author).exists()
