"""Citizens discuss a campaign with the comments of consultations (consultations/discussions.py):
posting, replies, upvotes, reports, moderation by the campaign's site, notifications, « Mes
contributions » and the personal data download, and the campaign page's cost and freshness."""

import json
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site

from consultations.models import Comment, Report
from consultations.services import moderation
from consultations.services.comments import post_comment
from financing.models import CampaignPage, CampaignTally
from home.models import HomePage
from tests.factories import CommentFactory, UserFactory, filled_in

from .factories import campaign_index, make_campaign

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/"


def comment_url(campaign):
    return reverse("consultations:comment_create", args=["page", campaign.pk])


def send(client, campaign, body="Bravo, je soutiens ce projet de jardin.", **fields):
    return client.post(
        comment_url(campaign),
        {"body": body, "stance": "for", "submission_key": str(uuid.uuid4()), **filled_in(), **fields},
    )


@pytest.fixture
def campaign(db):
    return make_campaign(title="Un jardin partagé")


@pytest.fixture
def pre_moderated(campaign):
    """The campaign's discussion under pre-moderation, as its editors set it in the admin."""
    campaign.comment_moderation = "pre"
    campaign.save_revision().publish()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def campsite():
    """A second site, its campaigns, and a moderator of that site only."""
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=HomePage(title="Camping", slug="camping"))
    site = Site.objects.create(hostname="camping.example.fr", port=80, root_page=home)
    group = Group.objects.create(name="Modération – Camping")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_proposal", "moderate_comment"])
    )
    GroupPagePermission.objects.create(group=group, page=home, permission=Permission.objects.get(codename="publish_page"))
    return site, campaign_index(site), UserFactory(groups=[group.name])


def test_a_citizen_comments_on_a_live_campaign_and_reads_it_on_its_page(client, citizen, campaign):
    client.force_login(citizen)
    response = send(client, campaign)
    comment = Comment.objects.get()
    assert (comment.page_id, comment.status, comment.stance) == (campaign.pk, Comment.Status.PUBLISHED, "for")
    assert response["Location"] == f"{campaign.url}#comment-{comment.pk}"
    html = client.get(campaign.url, follow=True).content.decode()
    assert "Votre commentaire est publié." in html
    assert "Bravo, je soutiens ce projet de jardin." in html
    assert f'id="comment-{comment.pk}"' in html


def test_an_anonymous_visitor_is_sent_to_sign_in_and_sees_why(client, campaign):
    response = send(client, campaign)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()
    html = client.get(campaign.url).content.decode()
    assert "Connectez-vous ou créez un compte pour participer." in html
    assert 'name="body"' not in html


def test_a_suspended_citizen_is_refused_with_the_reason(client, citizen, campaign, moderator):
    from datetime import timedelta

    from consultations.services.sanctions import sanction_account

    sanction_account(
        citizen, moderator=moderator, kind="suspension", reason="insulte", until=timezone.now() + timedelta(days=7)
    )
    client.force_login(citizen)
    response = send(client, campaign)
    assert response.status_code == 302
    assert not Comment.objects.exists()
    html = client.get(campaign.url).content.decode()
    assert "Votre compte est suspendu" in html and 'name="body"' not in html


@pytest.mark.parametrize("kind", ["draft", "unpublished", "not a campaign"])
def test_a_draft_or_unpublished_campaign_or_another_page_is_404(client, citizen, kind):
    if kind == "draft":
        target = make_campaign(live=False)
    elif kind == "unpublished":
        target = make_campaign()
        target.unpublish()
    else:
        target = campaign_index()
    client.force_login(citizen)
    assert send(client, target).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "ending", [{"outcome": "succeeded", "fulfilled_at": True}, {"outcome": "failed"}], ids=["fulfilled", "failed"]
)
def test_an_ended_campaign_keeps_its_comments_readable_but_takes_no_more(client, citizen, campaign, ending):
    CommentFactory(target=campaign, body="Merci pour la livraison rapide.")
    now = timezone.now()
    CampaignTally.objects.create(
        campaign=campaign, outcome=ending["outcome"], settled_at=now,
        fulfilled_at=now if ending.get("fulfilled_at") else None,
    )
    client.force_login(citizen)
    send(client, campaign, body="Encore un mot.")
    assert Comment.objects.count() == 1
    html = client.get(campaign.url, follow=True).content.decode()
    assert "Cette campagne est terminée\xa0: sa discussion est close." in html
    assert "Merci pour la livraison rapide." in html


def test_replies_stay_one_level_deep_and_notify_the_author(client, citizen, campaign, committed):
    first = CommentFactory(target=campaign, author=UserFactory(email="auteure@exemple.fr"))
    reply = CommentFactory(parent=first)
    client.force_login(citizen)
    with committed():
        send(client, campaign, body="Je réponds à la réponse.", parent=reply.pk)
    latest = Comment.objects.latest("pk")
    assert (latest.parent_id, latest.page_id) == (first.pk, campaign.pk)
    assert [message.to for message in mail.outbox] == [["auteure@exemple.fr"]]
    message = mail.outbox[0]
    assert "Un jardin partagé" in message.subject
    assert f"http://localhost{campaign.url}#comment-{latest.pk}" in message.body


def test_a_reply_cannot_hang_on_another_discussion(citizen, campaign):
    other = CommentFactory(target=make_campaign())
    with pytest.raises(Exception):
        post_comment(campaign, author=citizen, body="Ailleurs.", parent=other)
    assert Comment.objects.count() == 1


def test_upvote_edit_and_delete_as_on_a_local_project(client, citizen, campaign):
    theirs = CommentFactory(target=campaign)
    client.force_login(citizen)
    client.post(reverse("consultations:comment_upvote", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.upvote_count == 1
    send(client, campaign, body="Premier jet.")
    mine = Comment.objects.latest("pk")
    response = client.post(reverse("consultations:comment_edit", args=[mine.pk]), {"body": "Version corrigée.", "stance": "neutral"})
    assert response["Location"].endswith(f"{campaign.url}#comment-{mine.pk}")
    mine.refresh_from_db()
    assert mine.body == "Version corrigée." and mine.edited_at
    client.post(reverse("consultations:comment_delete", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.is_deleted


def test_reports_reaching_the_threshold_hide_the_comment(client, campaign):
    comment = CommentFactory(target=campaign, body="Un propos blessant.")
    for reporter in UserFactory.create_batch(3):
        client.force_login(reporter)
        client.post(f"/signaler/commentaire/{comment.pk}/", {"reason": "insulte", **filled_in()})
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Comment.Status.HIDDEN, 3)
    assert Report.objects.filter(comment=comment).count() == 3
    client.logout()
    assert "Un propos blessant." not in client.get(campaign.url).content.decode()


def test_pre_moderation_puts_the_comment_in_its_sites_queue_only(client, citizen, moderator, campaign, campsite, pre_moderated):
    site, camping_index, campsite_moderator = campsite
    client.force_login(citizen)
    response = send(client, campaign, body="Un commentaire à relire.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "Votre commentaire apparaîtra" in client.get(response["Location"], follow=True).content.decode()
    client.logout()
    assert "Un commentaire à relire." not in client.get(campaign.url).content.decode()

    client.force_login(campsite_moderator)
    assert "Un commentaire à relire." not in client.get(QUEUE).content.decode()
    assert client.get(f"{QUEUE}comment/{comment.pk}/").status_code in {302, 403}
    with pytest.raises(Exception):
        moderation.approve(comment, moderator=campsite_moderator)

    client.force_login(moderator)
    queue = client.get(QUEUE).content.decode()
    assert "Un commentaire à relire." in queue and "Un jardin partagé" in queue
    assert "Un commentaire à relire." in client.get(QUEUE, {"site": Site.objects.get(is_default_site=True).pk}).content.decode()
    assert "Un commentaire à relire." not in client.get(QUEUE, {"site": site.pk}).content.decode()
    item = client.get(f"{QUEUE}comment/{comment.pk}/").content.decode()
    assert "Campagne de financement" in item and "Un jardin partagé" in item

    # The campsite's own campaign goes to the campsite's moderator.
    theirs = make_campaign(title="Des vélos au camping", parent=camping_index, comment_moderation="pre")
    post_comment(theirs, author=citizen, body="Au camping aussi.")
    client.force_login(campsite_moderator)
    assert "Au camping aussi." in client.get(QUEUE).content.decode()


@pytest.mark.parametrize(
    "decision, reason, status, told",
    [("approve", "", Comment.Status.PUBLISHED, "Publié"), ("reject", "hors-sujet", Comment.Status.REJECTED, "Hors sujet")],
)
def test_a_moderators_decision_emails_the_author(
    client, moderator, campaign, pre_moderated, committed, decision, reason, status, told
):
    author = UserFactory(email="auteure@exemple.fr")
    comment = post_comment(campaign, author=author, body="Un commentaire à relire.")
    client.force_login(moderator)
    with committed():
        response = client.post(
            f"{QUEUE}comment/{comment.pk}/", {"decision": decision, "reason": reason, "seen_status": "pending"}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == status
    assert [message.to for message in mail.outbox] == [["auteure@exemple.fr"]]
    assert "Un jardin partagé" in mail.outbox[0].subject and told in mail.outbox[0].body


def test_hiding_a_published_comment_takes_it_off_the_page_and_tells_its_author(client, moderator, campaign, committed):
    comment = CommentFactory(target=campaign, author=UserFactory(email="auteure@exemple.fr"), body="Hors de propos.")
    client.force_login(moderator)
    with committed():
        client.post(f"{QUEUE}comment/{comment.pk}/", {"decision": "hide", "reason": "hors-sujet", "seen_status": "published"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert [message.to for message in mail.outbox] == [["auteure@exemple.fr"]]
    client.logout()
    assert "Hors de propos." not in client.get(campaign.url).content.decode()


def test_the_comment_is_in_my_contributions_and_my_data(client, citizen, campaign):
    comment = post_comment(campaign, author=citizen, body="Mon avis sur le jardin.")
    client.force_login(citizen)
    html = client.get(reverse("consultations:account_contributions"), {"type": "comments"}).content.decode()
    assert "Mon avis sur le jardin." in html
    assert f'{campaign.url}#comment-{comment.pk}"' in html
    assert "campagne de financement «\xa0Un jardin partagé\xa0»" in html
    download = client.get(reverse("consultations:account_data_download"))
    data = json.loads(b"".join(download.streaming_content) if download.streaming else download.content)
    assert [row["body"] for row in data["comments"]] == ["Mon avis sur le jardin."]


def test_posting_refreshes_the_anonymous_copy_of_the_page(client, citizen, campaign, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    caches["pages"].clear()
    assert "Aucun commentaire pour le moment." in client.get(campaign.url).content.decode()
    post_comment(campaign, author=citizen, body="Un mot tout neuf.")
    assert "Un mot tout neuf." in client.get(campaign.url).content.decode()


# Session and reader; the versions read first; the site and the route to the page through the tree
# (five pages, their aliases, view restrictions: nothing kept in memory here); the campaign's
# version, budget lines, tally, backers (their count, their first names) and site identity; the site
# root paths; its news and whether the reader follows it; the discussion's version, its authors, its
# comments with their authors (one query, whatever their number), and the header's menu (view
# restrictions, the site's sections).
PAGE_QUERIES = 25


@pytest.mark.parametrize("number", [3, 30])
def test_the_page_costs_the_same_queries_for_3_or_30_comments(client, citizen, campaign, number):
    authors = UserFactory.create_batch(3)
    for n in range(number):
        first = CommentFactory(target=campaign, author=authors[n % 3], body=f"Commentaire {n}")
        if n % 3 == 0:
            CommentFactory(parent=first, author=authors[(n + 1) % 3], body=f"Réponse {n}")
    client.force_login(citizen)
    client.get(campaign.url)  # what the process keeps for every page (sites, settings)
    caches["memo"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(campaign.url)
    assert response.status_code == 200
    assert f"Commentaire {number - 1}" in response.content.decode()
    assert len(queries) == PAGE_QUERIES, "\n".join(q["sql"][:150] for q in queries.captured_queries)


def test_the_queue_costs_the_same_with_5_or_50_campaign_comments_waiting(client, moderator, campaign, pre_moderated):
    author = UserFactory()

    def cost(count):
        Comment.objects.bulk_create(
            Comment(page=campaign, author=author, body=f"Commentaire {n}", status=Comment.Status.PENDING)
            for n in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            html = client.get(QUEUE).content.decode()
        assert "Un jardin partagé" in html
        return len(queries)

    client.force_login(moderator)
    assert cost(5) == cost(45)


def test_a_refused_comment_shows_the_form_again_with_its_error(client, citizen, campaign):
    client.force_login(citizen)
    response = send(client, campaign, body="x")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Un jardin partagé" in html and 'class="form-errors" role="alert"' in html
    assert not Comment.objects.exists()
