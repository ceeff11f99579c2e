"""The implementation tracker: who enters updates, what the decision shows, who is told, once."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.log_actions import registry
from wagtail.models import PageLogEntry

from consultations.models import BoardDecision, ImplementationUpdate
from consultations.services.implementation import (
    LOG_IMPLEMENTATION,
    add_update,
    delete_update,
    edit_update,
)
from consultations.services.notifications import update_preferences
from freshness.models import Version
from tests.consultations.followups import decided, decided_proposal
from tests.consultations.other_sites import campsite
from tests.factories import FollowFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

Stage = ImplementationUpdate.Stage
MAY_1, MAY_20, JUNE_2 = datetime.date(2026, 5, 1), datetime.date(2026, 5, 20), datetime.date(2026, 6, 2)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("decision")


@pytest.fixture
def decision(consultation):
    return decided(consultation=consultation)


def step(decision, by, *, date=MAY_1, stage=Stage.IN_PROGRESS, percent=40, text="Terrassement commencé.", **extra):
    return add_update(decision, by=by, date=date, stage=stage, percent=percent, text=text, **extra)


def version_of(consultation):
    key = f"consultation:{consultation.pk}"
    return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0


def test_an_update_is_recorded_copied_onto_the_decision_and_logged(moderator, decision, consultation):
    version = version_of(consultation)

    update = step(decision, moderator, percent=40)

    assert (update.created_by, update.stage, update.percent) == (moderator, Stage.IN_PROGRESS, 40)
    decision.refresh_from_db()
    assert (decision.stage, decision.progress, decision.progress_on) == (Stage.IN_PROGRESS, 40, MAY_1)
    entry = PageLogEntry.objects.get(action=LOG_IMPLEMENTATION)
    assert entry.page_id == consultation.pk and entry.user == moderator
    assert entry.data["action"] == "added" and entry.data["stage"] == Stage.IN_PROGRESS
    assert registry.action_exists(LOG_IMPLEMENTATION)
    assert "40%" in registry.get_formatter(entry).format_message(entry)
    assert version_of(consultation) > version


@pytest.mark.parametrize("stage", Stage.values)
def test_every_stage_may_be_recorded(moderator, decision, stage):
    step(decision, moderator, stage=stage, percent=100 if stage == Stage.DONE else 30)

    decision.refresh_from_db()
    assert decision.stage == stage


@pytest.mark.parametrize("percent", [-1, 101, None])
def test_a_percentage_outside_0_to_100_is_refused(moderator, decision, percent):
    with pytest.raises(ValidationError):
        step(decision, moderator, percent=percent)
    assert not ImplementationUpdate.objects.exists()


@pytest.mark.parametrize("percent", [0, 100])
def test_the_bounds_of_the_percentage_are_accepted(moderator, decision, percent):
    step(decision, moderator, stage=Stage.PLANNED if percent == 0 else Stage.DONE, percent=percent)
    decision.refresh_from_db()
    assert decision.progress == percent


def test_a_done_item_is_100_percent_done(moderator, decision):
    with pytest.raises(ValidationError) as error:
        step(decision, moderator, stage=Stage.DONE, percent=90)
    assert "percent" in error.value.message_dict


def test_an_update_cannot_be_dated_in_the_future(moderator, decision):
    with pytest.raises(ValidationError) as error:
        step(decision, moderator, date=timezone.localdate() + datetime.timedelta(days=1))
    assert "date" in error.value.message_dict
    step(decision, moderator, date=timezone.localdate())
    assert decision.updates.count() == 1


def test_an_empty_text_or_html_is_refused(moderator, decision):
    with pytest.raises(ValidationError):
        step(decision, moderator, text="  ")
    with pytest.raises(ValidationError):
        step(decision, moderator, text="<script>alert(1)</script>")


@pytest.mark.parametrize(
    "outcome", [BoardDecision.Outcome.DEFERRED, BoardDecision.Outcome.REJECTED]
)
def test_only_adopted_items_are_followed_up(moderator, consultation, outcome):
    decision = decided(consultation=consultation, outcome=outcome)

    with pytest.raises(ValidationError) as error:
        step(decision, moderator)
    assert "not adopted" in error.value.messages[0]


def test_an_item_adopted_with_changes_is_followed_up(moderator, consultation):
    decision = decided(consultation=consultation, outcome=BoardDecision.Outcome.ADOPTED_WITH_CHANGES)
    step(decision, moderator)
    assert decision.updates.count() == 1


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("moderator", True),
        ("editor", True),
        ("other_site_moderator", False),
        ("other_site_editor", False),
        ("elected_official", False),
        ("citizen", False),
        ("anonymous", False),
    ],
)
def test_who_records_updates(request, decision, role, allowed):
    if role.startswith("other_site"):
        moderator, editor, _consultation = campsite()
        user = moderator if role == "other_site_moderator" else editor
    elif role == "anonymous":
        user = AnonymousUser()
    else:
        user = request.getfixturevalue(role)

    if allowed:
        step(decision, user)
        assert decision.updates.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            step(decision, user)
        assert not decision.updates.exists()


def test_the_latest_update_by_date_is_the_decisions_progress_whatever_the_order_of_entry(moderator, decision):
    step(decision, moderator, date=MAY_20, stage=Stage.IN_PROGRESS, percent=60)
    step(decision, moderator, date=MAY_1, stage=Stage.PLANNED, percent=0)

    decision.refresh_from_db()
    assert (decision.stage, decision.progress, decision.progress_on) == (Stage.IN_PROGRESS, 60, MAY_20)


def test_on_the_same_day_the_last_entered_update_wins(moderator, decision):
    step(decision, moderator, date=MAY_1, percent=20)
    step(decision, moderator, date=MAY_1, percent=30)

    decision.refresh_from_db()
    assert decision.progress == 30


def test_editing_and_deleting_updates_recompute_the_decisions_progress(moderator, decision):
    first = step(decision, moderator, date=MAY_1, stage=Stage.PLANNED, percent=0)
    second = step(decision, moderator, date=MAY_20, stage=Stage.IN_PROGRESS, percent=50)

    edit_update(second, by=moderator, date=MAY_20, stage=Stage.IN_PROGRESS, percent=70, text="Bassin coulé.")
    decision.refresh_from_db()
    assert (decision.progress, decision.progress_on) == (70, MAY_20)
    assert ImplementationUpdate.objects.get(pk=second.pk).text == "Bassin coulé."

    delete_update(second, by=moderator)
    decision.refresh_from_db()
    assert (decision.stage, decision.progress, decision.progress_on) == (Stage.PLANNED, 0, MAY_1)

    delete_update(first, by=moderator)
    decision.refresh_from_db()
    assert (decision.stage, decision.progress, decision.progress_on) == ("", None, None)
    assert list(
        PageLogEntry.objects.filter(action=LOG_IMPLEMENTATION).order_by("pk").values_list("data__action", flat=True)
    ) == ["added", "added", "edited", "deleted", "deleted"]


def test_an_official_may_neither_edit_nor_delete_an_update(moderator, elected_official, decision):
    update = step(decision, moderator)

    with pytest.raises(PermissionDenied):
        edit_update(update, by=elected_official, date=MAY_1, stage=Stage.DONE, percent=100, text="Fini.")
    with pytest.raises(PermissionDenied):
        delete_update(update, by=elected_official)
    assert ImplementationUpdate.objects.get(pk=update.pk).percent == 40


@pytest.mark.parametrize("stage, subject", [(Stage.DONE, "c'est fait"), (Stage.ABANDONED, "le projet est abandonné")])
def test_followers_and_supporters_of_a_proposal_are_told_once_when_it_is_done_or_abandoned(
    moderator, consultation, committed, stage, subject
):
    decision = decided_proposal(consultation)
    follower, supporter, both = UserFactory(), UserFactory(), UserFactory()
    FollowFactory(user=follower, target=decision.proposal)
    SupportFactory(user=supporter, proposal=decision.proposal)
    FollowFactory(user=both, target=decision.proposal)
    SupportFactory(user=both, proposal=decision.proposal)

    with committed():
        step(decision, moderator, date=MAY_20, stage=stage, percent=100 if stage == Stage.DONE else 30,
             text="Voilà où nous en sommes.")

    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in (follower, supporter, both))
    message = mail.outbox[0]
    assert subject in message.subject and decision.proposal.title in message.subject
    assert "Voilà où nous en sommes." in message.body
    assert decision.proposal.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/" in message.extra_headers["List-Unsubscribe"]

    mail.outbox.clear()
    with committed():
        step(decision, moderator, date=JUNE_2, stage=stage, percent=100 if stage == Stage.DONE else 30,
             text="Toujours.")
    assert mail.outbox == []


def test_the_followers_of_the_consultation_are_told_when_a_local_project_is_done(
    moderator, consultation, decision, committed
):
    follower = UserFactory()
    FollowFactory(user=follower, target=consultation)

    with committed():
        step(decision, moderator, date=MAY_20, stage=Stage.DONE, percent=100, text="Ombrières posées.")

    assert [message.to for message in mail.outbox] == [[follower.email]]
    assert decision.local_project.title in mail.outbox[0].subject


@pytest.mark.parametrize("stage", [Stage.PLANNED, Stage.IN_PROGRESS])
def test_nobody_is_told_of_an_item_under_way(moderator, consultation, decision, committed, stage):
    FollowFactory(user=UserFactory(), target=consultation)

    with committed():
        step(decision, moderator, stage=stage, percent=0 if stage == Stage.PLANNED else 50)

    assert mail.outbox == []


def test_the_decisions_preference_is_respected(moderator, consultation, decision, committed):
    declined, accepted = UserFactory(), UserFactory()
    for user in (declined, accepted):
        FollowFactory(user=user, target=consultation)
    update_preferences(declined, decisions=False)

    with committed():
        step(decision, moderator, stage=Stage.ABANDONED, percent=10, text="Abandonné faute de place.")

    assert [message.to for message in mail.outbox] == [[accepted.email]]


def test_taking_back_a_done_update_sends_nothing_more(moderator, consultation, decision, committed):
    FollowFactory(user=UserFactory(), target=consultation)
    with committed():
        done = step(decision, moderator, date=MAY_20, stage=Stage.DONE, percent=100)
        edit_update(done, by=moderator, date=MAY_20, stage=Stage.IN_PROGRESS, percent=90, text="Finitions.")
    assert len(mail.outbox) == 1
