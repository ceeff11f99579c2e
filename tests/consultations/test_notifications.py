"""Follows, notification emails, one-click unsubscribe and notification settings."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from consultations.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    Follow,
    NotificationPreferences,
    PhaseNotice,
    Proposal,
)
from consultations.selectors import personal_data
from consultations.services.comments import post_comment
from consultations.services.notifications import (
    UNSUBSCRIBE_SALT,
    announce_phase_changes,
    follow,
    notify_status_change,
    read_unsubscribe_token,
    unfollow,
    unsubscribe_token,
    update_preferences,
)
from consultations.services.proposals import submit_proposal

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def index_page(db):
    root = Site.objects.get(is_default_site=True).root_page
    index = ConsultationIndexPage(title="Consultations", slug="consultations")
    return root.add_child(instance=index)


@pytest.fixture
def make_page(index_page):
    """A consultation whose proposals opened five days ago; vote and decision come later."""
    counter = {"n": 0}

    def make(*, starts=None, **fields):
        counter["n"] += 1
        starts = starts or timezone.now() - 5 * DAY
        values = {
            "title": f"Parc des Berges {counter['n']}",
            "slug": f"parc-des-berges-{counter['n']}",
            "question": "Que faire du parc des Berges ?",
            "proposals_opens_at": starts,
            "proposals_closes_at": starts + 10 * DAY,
            "vote_opens_at": starts + 20 * DAY,
            "vote_closes_at": starts + 30 * DAY,
            "decision_at": starts + 40 * DAY,
            "vote_method": "none",
        }
        values.update(fields)
        page = index_page.add_child(instance=ConsultationPage(**values))
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of a block, as the end of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def consultation(make_page):
    return make_page()


@pytest.fixture
def author(db):
    return UserFactory(email="auteure@exemple.fr", display_name="Awa D.")


@pytest.fixture
def replier(db):
    return UserFactory(email="repond@exemple.fr", display_name="Bruno L.")


@pytest.fixture
def proposal(consultation, author):
    return Proposal.objects.create(
        consultation=consultation,
        author=author,
        title="Des bancs à l'ombre",
        body="Installer des bancs sous les platanes du parc.",
        status=Proposal.Status.PUBLISHED,
    )


def in_phase(consultation, phase_field, *, after=DAY):
    """A moment just after one of the consultation's boundary dates."""
    return getattr(consultation, phase_field) + after


def unsubscribe_path(message):
    match = re.search(r"<https?://[^/]+(/[^>]+)>", message.extra_headers["List-Unsubscribe"])
    return match.group(1)


def token_kind(message):
    token = unsubscribe_path(message).rstrip("/").rsplit("/", 1)[1]
    return read_unsubscribe_token(token)[1]


# Follow and unfollow


def test_following_twice_keeps_one_follow(consultation, proposal, author):
    first = follow(consultation, user=author)
    assert follow(consultation, user=author) == first
    follow(proposal, user=author)
    follow(proposal, user=author)
    assert Follow.objects.filter(user=author).count() == 2


def test_unfollowing_twice_changes_nothing_the_second_time(consultation, author):
    follow(consultation, user=author)
    assert unfollow(consultation, user=author) is True
    assert unfollow(consultation, user=author) is False
    assert not Follow.objects.filter(user=author).exists()


def test_unfollowing_a_proposal_keeps_its_consultation_followed(consultation, proposal, author):
    follow(consultation, user=author)
    follow(proposal, user=author)
    assert unfollow(proposal, user=author) is True
    assert [f.target for f in Follow.objects.filter(user=author)] == [consultation]


def test_a_pending_proposal_can_only_be_followed_by_its_author(proposal, author, replier):
    proposal.status = Proposal.Status.PENDING
    proposal.save()
    follow(proposal, user=author)
    with pytest.raises(PermissionDenied):
        follow(proposal, user=replier)


def test_a_follow_has_exactly_one_target(consultation, proposal, author):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=author, consultation=consultation, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=author)


def test_posting_a_proposal_follows_it(consultation, author):
    proposal = submit_proposal(
        consultation, author=author, title="Une aire de jeux",
        body="Une aire de jeux pour les petits près de l'entrée nord.",
    )
    assert Follow.objects.filter(user=author, proposal=proposal).exists()


# Replies


def test_a_reply_emails_the_author_of_the_comment_only(
    consultation, author, replier, committed
):
    first = post_comment(consultation, author=author, body="Il manque des poubelles.")
    bystander = UserFactory()
    post_comment(consultation, author=bystander, body="D'accord.", parent=first)
    mail.outbox.clear()
    with committed():
        post_comment(consultation, author=replier, body="Et des toilettes aussi.", parent=first)
    assert [message.to for message in mail.outbox] == [["auteure@exemple.fr"]]
    message = mail.outbox[0]
    assert "Bruno L." in message.body
    assert "Et des toilettes aussi." in message.body
    assert consultation.title in message.subject
    assert token_kind(message) == "replies"


def test_a_first_level_comment_emails_nobody(consultation, author, committed):
    with committed():
        post_comment(consultation, author=author, body="Il manque des poubelles.")
    assert mail.outbox == []


def test_replying_to_oneself_sends_nothing(consultation, author, committed):
    first = post_comment(consultation, author=author, body="Il manque des poubelles.")
    with committed():
        post_comment(consultation, author=author, body="Et des bancs.", parent=first)
    assert mail.outbox == []


def test_no_reply_email_once_replies_are_turned_off(
    consultation, author, replier, committed
):
    update_preferences(author, replies=False)
    first = post_comment(consultation, author=author, body="Il manque des poubelles.")
    with committed():
        post_comment(consultation, author=replier, body="Et des toilettes.", parent=first)
    assert mail.outbox == []


def test_a_reply_awaiting_moderation_is_not_announced(
    make_page, author, replier, committed
):
    consultation = make_page(moderation=ConsultationPage.Moderation.PRE)
    first = Comment.objects.create(
        consultation=consultation, author=author, body="Il manque des poubelles."
    )
    with committed():
        reply = post_comment(consultation, author=replier, body="Et des toilettes.", parent=first)
    assert reply.status == Comment.Status.PENDING
    assert mail.outbox == []


def test_a_reply_on_a_proposal_links_to_the_proposal(
    proposal, author, replier, committed
):
    first = post_comment(proposal, author=author, body="Précision : côté rivière.")
    with committed():
        reply = post_comment(proposal, author=replier, body="Bonne idée.", parent=first)
    assert f"{proposal.get_absolute_url()}#comment-{reply.pk}" in mail.outbox[0].body


def test_nothing_is_sent_when_the_transaction_rolls_back(consultation, author, replier):
    first = post_comment(consultation, author=author, body="Il manque des poubelles.")
    with pytest.raises(RuntimeError), transaction.atomic():
        post_comment(consultation, author=replier, body="Et des toilettes.", parent=first)
        raise RuntimeError
    assert mail.outbox == []


# Proposal status


def test_a_status_change_emails_the_author(proposal, committed):
    proposal.status = Proposal.Status.HIDDEN
    proposal.save()
    with committed():
        assert notify_status_change(proposal, old_status=Proposal.Status.PUBLISHED)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["auteure@exemple.fr"]
    assert proposal.title in message.subject
    assert proposal.get_absolute_url() in message.body
    assert token_kind(message) == "proposal_status"


def test_an_unchanged_status_or_a_withdrawal_sends_nothing(proposal, committed):
    with committed():
        assert not notify_status_change(proposal, old_status=Proposal.Status.PUBLISHED)
        proposal.status = Proposal.Status.WITHDRAWN
        assert not notify_status_change(proposal, old_status=Proposal.Status.PUBLISHED)
    assert mail.outbox == []


def test_no_status_email_once_turned_off(proposal, author, committed):
    update_preferences(author, proposal_status=False)
    proposal.status = Proposal.Status.REJECTED
    with committed():
        assert not notify_status_change(proposal, old_status=Proposal.Status.PENDING)
    assert mail.outbox == []


# Phase announcements


def test_each_phase_is_announced_once(consultation, author, committed):
    follow(consultation, user=author)
    with committed():
        first_run = announce_phase_changes()
        second_run = announce_phase_changes()
    assert [notice.phase for notice in first_run] == ["proposals"]
    assert second_run == []
    assert len(mail.outbox) == 1
    assert PhaseNotice.objects.filter(consultation=consultation).count() == 1

    with committed():
        announce_phase_changes(now=in_phase(consultation, "proposals_closes_at"))
        announce_phase_changes(now=in_phase(consultation, "proposals_closes_at", after=2 * DAY))
    assert len(mail.outbox) == 2
    assert token_kind(mail.outbox[1]) == "phase_changes"


def test_the_information_phase_is_not_announced(make_page, author, committed):
    upcoming = make_page(starts=timezone.now() + 5 * DAY)
    follow(upcoming, user=author)
    with committed():
        assert announce_phase_changes() == []
    assert mail.outbox == []


def test_a_draft_consultation_is_not_announced(consultation, author):
    consultation.unpublish()
    assert announce_phase_changes() == []


def test_phases_are_announced_to_followers_who_want_them(
    consultation, proposal, author, replier, committed
):
    consultation_follower = UserFactory(email="suit@exemple.fr")
    opted_out = UserFactory(email="silence@exemple.fr")
    deleted = UserFactory(email="parti@exemple.fr", is_active=False)
    UserFactory(email="indifferent@exemple.fr")
    for user in (consultation_follower, opted_out, deleted):
        follow(consultation, user=user)
    follow(consultation, user=replier)
    follow(proposal, user=replier)
    follow(proposal, user=author)
    update_preferences(opted_out, phase_changes=False)

    with committed():
        notices = announce_phase_changes(now=in_phase(consultation, "vote_opens_at"))

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["auteure@exemple.fr", "repond@exemple.fr", "suit@exemple.fr"]
    assert notices[0].phase == "vote"
    assert notices[0].recipient_count == 3


def test_results_are_announced_under_the_results_preference(
    consultation, settings, committed
):
    settings.LANGUAGE_CODE = "en"
    wants_results_only = UserFactory(email="resultats@exemple.fr")
    no_results = UserFactory(email="sans-resultats@exemple.fr")
    for user in (wants_results_only, no_results):
        follow(consultation, user=user)
    update_preferences(wants_results_only, phase_changes=False)
    update_preferences(no_results, results=False)

    with committed():
        announce_phase_changes(now=in_phase(consultation, "vote_closes_at"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["resultats@exemple.fr"]
    assert "results are published" in message.subject
    assert "results are published" in message.body
    assert token_kind(message) == "results"


def test_the_command_announces_and_reports(consultation, author, committed):
    follow(consultation, user=author)
    out = StringIO()
    with committed():
        call_command("announce_phase_changes", stdout=out)
    assert "Phases announced: 1; emails queued: 1" in out.getvalue()
    assert len(mail.outbox) == 1


# Unsubscribe


@pytest.fixture
def phase_email(consultation, author, committed):
    follow(consultation, user=author)
    with committed():
        announce_phase_changes()
    return mail.outbox[0]


def test_emails_carry_one_click_unsubscribe_headers(phase_email):
    headers = phase_email.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://[^>]+/notifications/unsubscribe/[^>]+/>", headers["List-Unsubscribe"]
    )
    link = headers["List-Unsubscribe"].strip("<>")
    assert link in phase_email.body


def test_unsubscribe_page_asks_before_changing_anything(client, phase_email, author):
    client.cookies["portal_language"] = "en"
    response = client.get(unsubscribe_path(phase_email))
    assert response.status_code == 200
    assert "consultations/notifications/unsubscribe.html" in [t.name for t in response.templates]
    assert '<form method="post"' in response.content.decode()
    assert not NotificationPreferences.objects.filter(user=author).exists()


def test_unsubscribe_confirmation_turns_the_preference_off(phase_email, author):
    client = Client(enforce_csrf_checks=True)
    page = client.get(unsubscribe_path(phase_email)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(unsubscribe_path(phase_email), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    preferences = NotificationPreferences.objects.get(user=author)
    assert preferences.phase_changes is False
    assert preferences.replies and preferences.results and preferences.proposal_status


def test_one_click_unsubscribe_from_a_mail_client(phase_email, author):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(phase_email),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert NotificationPreferences.objects.get(user=author).phase_changes is False


def test_the_confirmation_button_is_csrf_checked(phase_email, author):
    # Only the mail client's one-click POST goes without a CSRF token.
    client = Client(enforce_csrf_checks=True)
    assert client.post(unsubscribe_path(phase_email)).status_code == 403
    assert client.post(unsubscribe_path(phase_email), {"List-Unsubscribe": "Other"}).status_code == 403
    assert not NotificationPreferences.objects.filter(user=author).exists()


def test_unsubscribe_tokens_stay_out_of_the_request_log(client, author, caplog):
    token = unsubscribe_token(author, "replies")
    url = reverse("consultations:notifications_unsubscribe", args=[token[:-2] + "AA"])
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.get(url).status_code == 400
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/notifications/unsubscribe/" in logged
    assert token[:-2] not in logged


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_refused_with_an_explanation(client, author, method):
    client.cookies["portal_language"] = "en"
    token = unsubscribe_token(author, "replies")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    url = reverse("consultations:notifications_unsubscribe", args=[tampered])
    response = getattr(client, method)(url)
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreferences.objects.filter(user=author).exists()


def test_a_token_for_another_kind_of_signature_is_refused(author):
    forged = signing.dumps([author.pk, "replies"], salt="another.purpose")
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(forged)
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(signing.dumps([author.pk, "everything"], salt=UNSUBSCRIBE_SALT))


# Follow views


def test_following_a_consultation_redirects_back_with_a_message(client, consultation, author):
    client.cookies["portal_language"] = "en"
    client.force_login(author)
    response = client.post(
        reverse("consultations:consultation_follow", args=[consultation.pk]),
        {"next": "/consultations/parc/?tab=propositions"},
        follow=False,
    )
    assert response.status_code == 302
    assert response["Location"] == "/consultations/parc/?tab=propositions"
    assert Follow.objects.filter(user=author, consultation=consultation).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("You now follow" in text for text in messages)


def test_an_outside_next_address_is_ignored(client, proposal, replier):
    client.force_login(replier)
    response = client.post(
        reverse("consultations:proposal_follow", args=[proposal.pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response["Location"] == proposal.get_absolute_url()
    assert Follow.objects.filter(user=replier, proposal=proposal).exists()

    response = client.post(reverse("consultations:proposal_unfollow", args=[proposal.pk]))
    assert response["Location"] == proposal.get_absolute_url()
    assert not Follow.objects.filter(user=replier, proposal=proposal).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, consultation):
    response = client.post(reverse("consultations:consultation_follow", args=[consultation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Follow.objects.exists()


def test_follow_needs_a_post(client, consultation, author):
    client.force_login(author)
    response = client.get(reverse("consultations:consultation_follow", args=[consultation.pk]))
    assert response.status_code == 405


def test_someone_elses_pending_proposal_cannot_be_followed(client, proposal, replier):
    proposal.status = Proposal.Status.PENDING
    proposal.save()
    client.force_login(replier)
    response = client.post(reverse("consultations:proposal_follow", args=[proposal.pk]))
    assert response.status_code == 404


# Account page


def test_notifications_page_lists_follows_and_saves_preferences(
    client, consultation, proposal, author
):
    client.cookies["portal_language"] = "en"
    follow(consultation, user=author)
    follow(proposal, user=author)
    client.force_login(author)
    url = reverse("consultations:account_notifications")

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset>" in html and "<legend>" in html
    assert consultation.title in html and escape(proposal.title) in html
    assert reverse("consultations:consultation_unfollow", args=[consultation.pk]) in html
    assert f'href="{url}" aria-current="page"' in html

    response = client.post(url, {"replies": "on", "results": "on"})
    assert response.status_code == 302
    preferences = NotificationPreferences.objects.get(user=author)
    assert preferences.replies and preferences.results
    assert not preferences.proposal_status and not preferences.phase_changes


def test_notifications_page_needs_an_account(client):
    response = client.get(reverse("consultations:account_notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Personal data


def test_my_data_holds_follows_and_preferences(consultation, proposal, author):
    assert personal_data(author)["notification_preferences"] == {
        "replies": True, "proposal_status": True, "phase_changes": True, "results": True, "answers": True,
        "decisions": True, "campaign_updates": True,
    }
    follow(consultation, user=author)
    update_preferences(author, results=False)
    data = personal_data(author)
    assert [item["title"] for item in data["follows"]] == [consultation.title]
    assert data["follows"][0]["kind"] == "consultation"
    assert data["notification_preferences"]["results"] is False
