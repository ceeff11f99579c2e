"""Official answers: who gives them, what is recorded, and who is told, once."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from consultations import permissions
from consultations.models import Proposal
from consultations.services.answers import LOG_ANSWER, answer
from consultations.services.notifications import update_preferences
from freshness.models import Version
from tests.consultations.other_sites import campsite
from tests.factories import FollowFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCEPTED = Proposal.Answer.ACCEPTED
UNDER_STUDY = Proposal.Answer.UNDER_STUDY


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def proposal():
    return ProposalFactory(
        title="Un bassin nordique", author=UserFactory(email="auteure@exemple.fr", display_name="Awa D.")
    )


def consultation_version(proposal):
    key = f"consultation:{proposal.consultation_id}"
    return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_moderators_and_editors_of_the_site_answer_and_it_is_logged(request, role, proposal):
    staff = request.getfixturevalue(role)
    version = consultation_version(proposal)

    answer(proposal, by=staff, status=ACCEPTED, text="Le bassin sera ouvert l'été prochain.")

    proposal.refresh_from_db()
    assert (proposal.answer_status, proposal.answer_text) == (ACCEPTED, "Le bassin sera ouvert l'été prochain.")
    assert proposal.answered_by == staff and proposal.answered_at is not None
    entry = ModelLogEntry.objects.get(action=LOG_ANSWER)
    assert (entry.user, entry.data["before"], entry.data["after"]) == (staff, "", ACCEPTED)
    assert str(entry.object_id) == str(proposal.pk)
    assert registry.action_exists(LOG_ANSWER)
    assert consultation_version(proposal) > version


@pytest.mark.parametrize("role", ["citizen", "elected_official", "other_site_moderator", "other_site_editor", None])
def test_only_the_sites_moderators_and_editors_answer(request, role, proposal):
    from django.contrib.auth.models import AnonymousUser

    if role is None:
        user = AnonymousUser()
    elif role.startswith("other_site"):
        moderator, editor, _ = campsite()
        user = moderator if role == "other_site_moderator" else editor
    else:
        user = request.getfixturevalue(role)
    assert not permissions.can_answer(user, proposal)
    with pytest.raises(PermissionDenied):
        answer(proposal, by=user, status=ACCEPTED, text="Oui.")
    proposal.refresh_from_db()
    assert proposal.answer_status == "" and not ModelLogEntry.objects.filter(action=LOG_ANSWER).exists()


def test_a_sites_moderator_and_editor_answer_their_own_sites_proposals():
    moderator, editor, consultation = campsite()
    proposal = ProposalFactory(consultation=consultation)
    answer(proposal, by=moderator, status=UNDER_STUDY, text="Nous regardons les devis.")
    answer(proposal, by=editor, status=ACCEPTED, text="Les devis sont signés.")
    proposal.refresh_from_db()
    assert proposal.answer_status == ACCEPTED


@pytest.mark.parametrize(
    "status, text, message",
    [
        ("maybe", "Un texte.", "Choose the status"),
        (ACCEPTED, "   ", "Write the text"),
        (ACCEPTED, "x" * 3001, "3,000"),
        (ACCEPTED, "<script>alert(1)</script>", "plain text"),
    ],
)
def test_a_bad_answer_is_refused_and_changes_nothing(moderator, proposal, status, text, message):
    with pytest.raises(ValidationError, match=message):
        answer(proposal, by=moderator, status=status, text=text)
    proposal.refresh_from_db()
    assert proposal.answer_status == "" and proposal.answer_text == ""


def test_only_published_proposals_are_answered(moderator):
    withdrawn = ProposalFactory(status=Proposal.Status.WITHDRAWN)
    with pytest.raises(PermissionDenied, match="Only published proposals"):
        answer(withdrawn, by=moderator, status=ACCEPTED, text="Oui.")


def test_followers_and_supporters_are_told_once_each(moderator, proposal, committed):
    both = UserFactory(email="les-deux@exemple.fr")
    follower = FollowFactory(target=proposal, user=UserFactory(email="suit@exemple.fr")).user
    SupportFactory(proposal=proposal, user=both)
    FollowFactory(target=proposal, user=both)
    SupportFactory(proposal=proposal, user=UserFactory(email="soutient@exemple.fr"))
    quiet = UserFactory(email="pas-de-reponses@exemple.fr")
    SupportFactory(proposal=proposal, user=quiet)
    update_preferences(quiet, answers=False)

    with committed():
        answer(proposal, by=moderator, status=UNDER_STUDY, text="Nous étudions le coût.")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    # The author follows their proposal; the one who both follows and supports gets one email.
    assert recipients == sorted(
        ["auteure@exemple.fr", "les-deux@exemple.fr", "soutient@exemple.fr", follower.email]
    )
    message = mail.outbox[0]
    assert "Un bassin nordique" in message.subject and "Nous étudions le coût." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Rewording the answer is not news: nobody is emailed again; changing its status is.
    mail.outbox.clear()
    with committed():
        answer(proposal, by=moderator, status=UNDER_STUDY, text="Nous étudions le coût et le lieu.")
    assert mail.outbox == []
    with committed():
        answer(proposal, by=moderator, status=ACCEPTED, text="Le bassin est voté.")
    assert len(mail.outbox) == 4
    assert [entry.data["notified"] for entry in ModelLogEntry.objects.filter(action=LOG_ANSWER).order_by("pk")] == [
        True, False, True,
    ]


def test_an_edit_is_logged_with_before_and_after_and_an_unchanged_answer_is_refused(moderator, proposal):
    answer(proposal, by=moderator, status=UNDER_STUDY, text="À l'étude.")
    answer(proposal, by=moderator, status=ACCEPTED, text="Accepté.")
    entry = ModelLogEntry.objects.filter(action=LOG_ANSWER).latest("pk")
    assert (entry.data["before"], entry.data["after"], entry.data["before_text"], entry.data["text"]) == (
        UNDER_STUDY, ACCEPTED, "À l'étude.", "Accepté.",
    )
    assert "→" in entry.message
    with pytest.raises(ValidationError, match="nothing was changed"):
        answer(proposal, by=moderator, status=ACCEPTED, text="Accepté.")
    assert ModelLogEntry.objects.filter(action=LOG_ANSWER).count() == 2


def test_sending_the_answer_costs_the_same_queries_for_few_and_many_recipients(
    moderator, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(supporters):
        proposal = ProposalFactory(supporters=supporters)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                answer(proposal, by=moderator, status=ACCEPTED, text="Oui.")
        assert len(mail.outbox) == supporters + 1
        return len(queries)

    cost(1)  # the first answer reads what is then kept: the moderator's scope, the sites
    assert cost(2) == cost(12)
