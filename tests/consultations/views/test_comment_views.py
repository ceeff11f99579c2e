import uuid

import pytest
from django.urls import reverse

from consultations.models import Comment
from tests.factories import CommentFactory, filled_in

pytestmark = pytest.mark.django_db


def comment_url(kind, pk):
    return reverse("consultations:comment_create", args=[kind, pk])


def test_comment_on_a_proposal_with_a_stance_updates_its_count(client, citizen, proposal):
    client.force_login(citizen)
    response = client.post(
        comment_url("proposition", proposal.pk),
        {"body": "Bonne idée, mes enfants attrapent des coups de soleil.", "stance": "for", "submission_key": str(uuid.uuid4()), **filled_in()},
    )
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.stance == Comment.Stance.FOR
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "mes enfants attrapent des coups de soleil" in html


def test_replies_stay_one_level_deep(client, citizen, proposal):
    first = CommentFactory(target=proposal)
    reply = CommentFactory(parent=first)
    client.force_login(citizen)
    client.post(comment_url("proposition", proposal.pk), {"body": "Réponse à la réponse.", "stance": "neutral", "parent": reply.pk, **filled_in()})
    latest = Comment.objects.latest("pk")
    assert latest.parent_id == first.pk


def test_a_reply_cannot_point_at_another_discussion(client, citizen, proposal, open_consultation):
    elsewhere = CommentFactory(target=open_consultation)
    client.force_login(citizen)
    response = client.post(comment_url("proposition", proposal.pk), {"body": "Réponse égarée.", "stance": "neutral", "parent": elsewhere.pk, **filled_in()})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_edit_marks_the_comment_as_edited(client, citizen, proposal):
    comment = CommentFactory(target=proposal, author=citizen)
    client.force_login(citizen)
    client.post(reverse("consultations:comment_edit", args=[comment.pk]), {"body": "Version corrigée du texte.", "stance": "against"})
    comment.refresh_from_db()
    assert comment.body == "Version corrigée du texte." and comment.edited_at
    client.cookies["portal_language"] = "en"
    assert "(edited)" in client.get(proposal.get_absolute_url()).content.decode()


def test_deleted_comment_keeps_its_replies_readable(client, citizen, proposal):
    comment = CommentFactory(target=proposal, author=citizen, body="Un avis que je vais retirer.")
    CommentFactory(parent=comment, body="Une réponse qui doit rester lisible.")
    client.force_login(citizen)
    client.post(reverse("consultations:comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.deleted_at and comment.body == ""
    client.cookies["portal_language"] = "en"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Comment deleted by its author." in html
    assert "Une réponse qui doit rester lisible." in html
    assert "Un avis que je vais retirer." not in html
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_someone_else_cannot_edit_or_delete(client, citizen, proposal):
    comment = CommentFactory(target=proposal, body="Le texte d'origine.")
    client.force_login(citizen)
    client.post(reverse("consultations:comment_edit", args=[comment.pk]), {"body": "Texte modifié par un tiers.", "stance": "neutral"})
    client.post(reverse("consultations:comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.body == "Le texte d'origine." and comment.deleted_at is None


def test_upvote_once_and_never_ones_own(client, citizen, proposal):
    theirs = CommentFactory(target=proposal)
    mine = CommentFactory(target=proposal, author=citizen)
    client.force_login(citizen)
    for _ in range(2):
        client.post(reverse("consultations:comment_upvote", args=[theirs.pk]))
    client.post(reverse("consultations:comment_upvote", args=[mine.pk]))
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.upvote_count, mine.upvote_count) == (1, 0)


@pytest.mark.parametrize("body", ["", "x", "<img src=x onerror=alert(1)>", "z" * 3001])
def test_bad_comments_are_refused(client, citizen, proposal, body):
    client.force_login(citizen)
    response = client.post(comment_url("proposition", proposal.pk), {"body": body, "stance": "neutral", **filled_in()})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comments_on_a_consultation_and_a_local_project(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method="approval", max_choices=1, projects=[1000])
    project = consultation.get_children().specific().first()
    client.force_login(citizen)
    client.post(comment_url("consultation", consultation.pk), {"body": "Sur la consultation.", "stance": "neutral", **filled_in()})
    client.post(comment_url("projet", project.pk), {"body": "Sur le projet.", "stance": "for", **filled_in()})
    assert Comment.objects.filter(consultation=consultation).count() == 1
    assert Comment.objects.filter(local_project=project).count() == 1
    assert "Sur le projet." in client.get(project.url).content.decode()


def test_no_comment_once_the_consultation_is_over(client, citizen, make_consultation):
    consultation = make_consultation("results")
    client.force_login(citizen)
    client.post(comment_url("consultation", consultation.pk), {"body": "Trop tard ?", "stance": "neutral", **filled_in()})
    assert not Comment.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, proposal):
    response = client.post(comment_url("proposition", proposal.pk), {"body": "Anonyme.", "stance": "neutral", **filled_in()})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_unknown_target_kind_is_404(client, citizen, proposal):
    client.force_login(citizen)
    assert client.post(comment_url("sondage", proposal.pk), {"body": "Quoi ?", "stance": "neutral", **filled_in()}).status_code == 404


def test_an_anonymous_upvote_sends_to_sign_in_and_back_to_the_comment(client, proposal):
    from urllib.parse import parse_qs, urlsplit

    comment = CommentFactory(target=proposal)
    response = client.post(reverse("consultations:comment_upvote", args=[comment.pk]))
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [f"{proposal.get_absolute_url()}#comment-{comment.pk}"]


def test_a_page_whose_type_nobody_registered_for_discussion_is_404(client, citizen, home_page, open_consultation):
    # consultations/discussions.py: only the page types an app registered take comments as pages;
    # a consultation keeps its own address.
    client.force_login(citizen)
    for page in (home_page, open_consultation):
        response = client.post(comment_url("page", page.pk), {"body": "Ici ?", "stance": "neutral", **filled_in()})
        assert response.status_code == 404
    assert not Comment.objects.exists()
