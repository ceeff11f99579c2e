"""Rendered comment threads and proposal cards are reused between readers (fragments/discussion.py,
fragments/cards.py): each reader still sees their own buttons, and every change shows at once."""

import re
import uuid

import pytest
from django.urls import reverse

from consultations import activity
from consultations.forms import ProfileForm
from consultations.models import Comment, Support
from consultations.services.accounts import update_profile
from consultations.services.notifications import follow
from consultations.services.comments import post_comment, upvote_comment
from consultations.services.proposals import support_proposal
from tests.factories import filled_in, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(proposal):
    return post_comment(proposal, author=UserFactory(display_name="Bastien"), body="Les parasols suffiraient.")


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def edit_link(comment):
    return reverse("consultations:comment_edit", args=[comment.pk])


def upvote_action(comment):
    return reverse("consultations:comment_upvote", args=[comment.pk])


def test_each_reader_gets_their_own_buttons_on_a_shared_thread(client, proposal, thread, citizen):
    own = post_comment(proposal, author=citizen, body="Et une fontaine à boire à côté.")
    url = proposal.get_absolute_url()

    anonymous = page_of(client, url)
    assert "Les parasols suffiraient." in anonymous
    assert upvote_action(thread) not in anonymous and edit_link(own) not in anonymous

    client.force_login(citizen)
    author_view = page_of(client, url)
    assert edit_link(own) in author_view
    assert upvote_action(thread) in author_view and upvote_action(own) not in author_view

    client.force_login(UserFactory())
    other_view = page_of(client, url)
    assert edit_link(own) not in other_view
    assert upvote_action(own) in other_view and upvote_action(thread) in other_view


def test_forms_in_a_reused_thread_carry_the_readers_own_csrf_token(client, proposal, thread, citizen):
    client.force_login(UserFactory())
    page_of(client, proposal.get_absolute_url())  # renders and keeps the thread
    client.force_login(citizen)
    html = page_of(client, proposal.get_absolute_url())
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    keys = set(re.findall(r'name="submission_key" value="([^"]+)"', html))
    assert tokens and "csrf-token-of-this-reader" not in html
    assert len(keys) == 1 and uuid.UUID(keys.pop())


def test_a_new_comment_an_upvote_an_edit_and_a_new_name_show_at_once(client, proposal, thread, citizen):
    url = proposal.get_absolute_url()
    client.force_login(citizen)
    page_of(client, url)

    reply = post_comment(proposal, author=UserFactory(display_name="Chloé"), body="Des parasols, oui !", parent=thread)
    assert "Des parasols, oui !" in page_of(client, url)

    upvote_comment(thread, user=citizen)
    assert "1 personne a trouvé ce commentaire utile" in page_of(client, url)

    # A bulk write bumps what it touched, as the rule says (consultations/activity.py).
    Comment.objects.filter(pk=reply.pk).update(body="Des parasols bleus.")
    activity.changed(consultations=[proposal.consultation_id])
    assert "Des parasols bleus." in page_of(client, url)

    form = ProfileForm({"display_name": "Chloé R.", "postcode": "69003"}, instance=reply.author)
    assert form.is_valid(), form.errors
    update_profile(reply.author, form=form)
    assert "Chloé R." in page_of(client, url)


def test_two_replies_sent_from_one_page_are_two_comments_and_a_double_click_is_one(client, proposal, thread, citizen):
    other = post_comment(proposal, author=UserFactory(), body="Un autre avis sur la question.")
    client.force_login(citizen)
    html = page_of(client, proposal.get_absolute_url())
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    create = reverse("consultations:comment_create", args=["proposition", proposal.pk])
    for parent in (thread, other, other):
        response = client.post(create, {"body": f"Réponse à {parent.pk}.", "stance": "neutral", "parent": parent.pk, "submission_key": key, **filled_in()})
        assert response.status_code == 302
    replies = Comment.objects.filter(author=citizen)
    assert sorted(replies.values_list("parent_id", flat=True)) == sorted([thread.pk, other.pk])


def test_proposal_cards_show_each_reader_their_support_button(client, open_consultation, proposal, citizen):
    supporter = UserFactory()
    support_proposal(proposal, user=supporter)
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    action = reverse("consultations:proposal_support", args=[proposal.pk])

    assert action not in page_of(client, url)  # anonymous: no button

    client.force_login(supporter)
    html = page_of(client, url)
    assert f'formaction="{action}" name="action" value="withdraw"' in html
    assert 'id="support-form"' in html

    client.force_login(citizen)
    html = page_of(client, url)
    assert f'formaction="{action}" class="button button--small"' in html
    assert "1 soutien" in html

    client.force_login(proposal.author)
    assert action not in page_of(client, url)  # never on one's own proposal


def test_the_shared_support_form_records_a_support_and_comes_back(client, open_consultation, proposal, citizen):
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    client.force_login(citizen)
    html = page_of(client, url)
    token = re.search(r'id="support-form"[^>]*>.*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.DOTALL).group(1)
    response = client.post(
        reverse("consultations:proposal_support", args=[proposal.pk]),
        {"csrfmiddlewaretoken": token, "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Support.objects.filter(user=citizen, proposal=proposal).exists()
    assert "1 soutien" in page_of(client, url)


def test_a_consultation_page_card_knows_the_reader_already_supports_it(client, open_consultation, proposal, citizen):
    support_proposal(proposal, user=citizen)
    client.force_login(citizen)
    html = page_of(client, open_consultation.url)
    assert "Retirer mon soutien" in html


def test_a_proposal_hidden_by_moderation_leaves_the_list_and_its_page_at_once(client, open_consultation, proposal):
    from consultations.models import Proposal

    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    assert "Une pataugeoire ombragée" in page_of(client, url)
    assert "Une pataugeoire ombragée" in page_of(client, open_consultation.url)  # latest proposals
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.HIDDEN)
    activity.changed(consultations=[open_consultation.pk])  # what every bulk write does
    assert "Une pataugeoire ombragée" not in page_of(client, url)
    assert "Une pataugeoire ombragée" not in page_of(client, open_consultation.url)
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_an_edited_proposal_shows_its_new_text_and_keywords(client, proposal):
    from consultations.services.proposals import edit_proposal

    page_of(client, proposal.get_absolute_url())
    edit_proposal(proposal, editor=proposal.author, title="Une pataugeoire à l'ombre", body="Des voiles d'ombrage tendues.", tags=["été", "enfants"])
    html = page_of(client, proposal.get_absolute_url())
    assert "Une pataugeoire à l&#x27;ombre" in html and "Des voiles d&#x27;ombrage tendues." in html
    assert "été" in html and "enfants" in html


def test_pages_stay_right_when_the_shared_cache_is_lost(client, open_consultation, proposal, thread):
    from django.core.cache import cache

    page_of(client, proposal.get_absolute_url())
    cache.clear()  # stamps gone: new ones are dealt
    post_comment(proposal, author=UserFactory(), body="Et des brumisateurs ?")
    assert "Et des brumisateurs ?" in page_of(client, proposal.get_absolute_url())


def test_what_the_reader_follows_supports_and_voted_shows_at_once(client, open_consultation, proposal, citizen, budget_vote):
    from consultations.models import Follow
    from consultations.services.voting import ballot_projects, cast_ballot

    client.force_login(citizen)
    assert "Vous suivez ce contenu." not in page_of(client, proposal.get_absolute_url())
    assert "Vous suivez ce contenu." not in page_of(client, open_consultation.url)
    follow(proposal, user=citizen)
    follow(open_consultation, user=citizen)
    assert "Vous suivez ce contenu." in page_of(client, proposal.get_absolute_url())
    assert "Vous suivez ce contenu." in page_of(client, open_consultation.url)

    assert "Retirer mon soutien" not in page_of(client, proposal.get_absolute_url())
    support_proposal(proposal, user=citizen)
    assert "Retirer mon soutien" in page_of(client, proposal.get_absolute_url())
    assert "Retirer mon soutien" in page_of(client, reverse("consultations:proposal_list", args=[open_consultation.pk]))

    assert "Modifier mon vote" not in page_of(client, budget_vote.url)
    cast_ballot(budget_vote, voter=citizen, choices=[(ballot_projects(budget_vote).first().pk, 1)])
    assert "Modifier mon vote" in page_of(client, budget_vote.url)


def test_a_search_with_spaces_and_accents_is_kept_without_cache_key_warnings(client, open_consultation, proposal):
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # they would fill the logs on each search
        assert "Une pataugeoire ombragée" in page_of(client, f"{url}?q=toile d'ombrage été")



def test_names_given_in_the_profile_or_the_admin_are_never_shown_publicly(client, proposal):
    author = UserFactory(first_name="Jeanne", last_name="Secretname", display_name="")
    post_comment(proposal, author=author, body="Des parasols, oui !")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    form = client.get(f"/admin/users/edit/{author.pk}/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "groups"}
    data.update(first_name="Zoé", last_name="Secretname", is_active="on")
    assert client.post(f"/admin/users/edit/{author.pk}/", data).status_code == 302
    client.logout()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert f"Participant n°{author.pk}" in html
    assert "Secretname" not in html and "Jeanne" not in html and "Zoé" not in html
