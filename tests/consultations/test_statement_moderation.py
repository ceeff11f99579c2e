"""Citizens' opinion-round statements go through the portal's usual moderation: the queue lists
them for the moderators of their consultation's site, decisions and reports apply to them as to
proposals and comments, their author is told and may appeal, and finds them in "My
contributions" and the GDPR download."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry, Page, Site

from consultations.models import ModerationSettings, OpinionRound, Proposal, Statement, StatementVote
from consultations.moderation_queue import moderation_queue, queue_items, waiting_count
from consultations.roles import MODERATORS
from consultations.services import moderation
from consultations.services.opinions import cast_statement_vote, round_votes
from freshness.models import Version
from tests.consultations.other_sites import campsite
from tests.factories import ProposalFactory, UserFactory, filled_in
from tests.markers import postgresql_only

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/"
Status = Statement.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def open_round(consultation, title="Le bassin nordique"):
    now = timezone.now()
    return OpinionRound.objects.create(
        consultation=consultation, title=title, opens_at=now - DAY, closes_at=now + DAY
    )


@pytest.fixture
def opinion_round(open_consultation):
    return open_round(open_consultation)


@pytest.fixture
def author(db):
    return UserFactory(email="ines@exemple.fr", display_name="Inès B.")


@pytest.fixture
def pending(opinion_round, author):
    return Statement.objects.create(
        round=opinion_round, author=author, status=Status.PENDING,
        text="Le bassin nordique devrait ouvrir le dimanche matin.",
    )


@pytest.fixture
def published(opinion_round, author):
    return Statement.objects.create(
        round=opinion_round, author=author, status=Status.PUBLISHED,
        text="Les cours de natation devraient être gratuits pour les enfants.",
    )


@pytest.fixture
def staff_statement(opinion_round):
    return Statement.objects.create(
        round=opinion_round, status=Status.PUBLISHED, text="La piscine doit rester un service public."
    )


def vote(statement, *values):
    for value in values:
        StatementVote.objects.create(statement=statement, participant=UserFactory(), value=value)


def version_of(statement):
    key = f"consultation:{statement.round.consultation_id}"
    return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0


@pytest.fixture
def campsite_moderator(db):
    """A moderator of the campsite only, who may moderate statements there."""
    moderator, _editor, consultation = campsite()
    moderator.groups.get().permissions.add(Permission.objects.get(codename="moderate_statement"))
    return moderator, consultation


def item_url(statement):
    return f"{QUEUE}statement/{statement.pk}/"


# The queue


def test_the_queue_lists_pending_and_reported_statements_to_the_moderators_of_their_site_only(
    client, moderator, pending, staff_statement, citizen, campsite_moderator
):
    moderation.report(staff_statement, reporter=citizen, reason="hors-sujet")
    proposal = ProposalFactory(consultation=pending.round.consultation, status=Proposal.Status.PENDING,
                               title="Des casiers plus grands")
    campsite_mod, campsite_consultation = campsite_moderator
    theirs = Statement.objects.create(
        round=open_round(campsite_consultation, "La saison"), author=UserFactory(),
        text="Le camping devrait ouvrir en mars.",
    )

    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    # Reported first, then the oldest; the statement's round is named with its consultation.
    assert html.index("La piscine doit rester") < html.index("Le bassin nordique devrait") < html.index(
        "Des casiers plus grands"
    )
    assert "Affirmation" in html and "Le bassin nordique</td>" in html
    assert "Mod\\u00e9ration (4)" in client.get("/admin/").content.decode()
    only_statements = client.get(QUEUE, {"kind": "statement"}).content.decode()
    assert "Le bassin nordique devrait" in only_statements and "Des casiers plus grands" not in only_statements
    assert "Le camping devrait ouvrir" in only_statements
    only_pool = client.get(QUEUE, {"kind": "statement", "consultation": pending.round.consultation_id})
    assert "Le camping devrait ouvrir" not in only_pool.content.decode()

    client.force_login(campsite_mod)
    html = client.get(QUEUE).content.decode()
    assert "Le camping devrait ouvrir" in html and "Le bassin nordique devrait" not in html
    assert client.get(item_url(pending)).status_code in {302, 403}
    client.post(item_url(pending), {"decision": "approve", "seen_status": "pending"})
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    with pytest.raises(PermissionDenied):
        moderation.approve(pending, moderator=campsite_mod)
    moderation.approve(theirs, moderator=campsite_mod)


def test_the_queue_reads_a_page_of_statements_in_one_query(pending, staff_statement, citizen):
    moderation.report(staff_statement, reporter=citizen, reason="spam")
    rows = list(moderation_queue(scope=[""], kind="statement"))
    assert [(row.kind, row.id) for row in rows] == [("statement", staff_statement.pk), ("statement", pending.pk)]
    with CaptureQueriesContext(connection) as queries:
        items = queue_items(rows)
        labels = [(item.text, item.round.consultation.title, item.author and item.author.public_name) for item in items]
    assert len(queries) == 1
    assert labels[1] == (pending.text, pending.round.consultation.title, "Inès B.")
    assert waiting_count([""]) == 2


# The item's page


def test_the_items_page_shows_the_statement_its_round_its_author_and_its_votes(
    client, moderator, published, citizen
):
    vote(published, 1, 1, 1, -1, 0)
    moderation.report(published, reporter=citizen, reason="hors-sujet", text="Rien à voir avec le bassin.")
    client.force_login(moderator)
    html = client.get(item_url(published)).content.decode()
    assert "L'affirmation" in html and "Les cours de natation devraient être gratuits" in html
    assert "Le bassin nordique" in html and published.round.consultation.title in html
    assert "Inès B." in html and "Rien à voir avec le bassin." in html
    assert "<td>3</td><td>1</td><td>1</td><td>5</td>" in html
    # Reported while published: hide it, or keep it.
    assert 'value="hide"' in html and 'value="keep"' in html and 'value="approve"' not in html


def test_the_items_page_costs_the_same_with_two_or_two_hundred_votes(client, moderator, published):
    client.force_login(moderator)
    url = item_url(published)
    vote(published, 1, -1)
    client.get(url)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = cost()
    StatementVote.objects.bulk_create(
        StatementVote(statement=published, participant=UserFactory(), value=n % 3 - 1) for n in range(198)
    )
    assert cost() == few


def test_a_staff_statement_reported_shows_no_author_record_nor_sanction(client, moderator, staff_statement, citizen):
    moderation.report(staff_statement, reporter=citizen, reason="spam")
    client.force_login(moderator)
    html = client.get(item_url(staff_statement)).content.decode()
    assert "L'équipe de la consultation" in html and "Sanctionner ce compte" not in html
    assert client.post(item_url(staff_statement), {"sanction": "1", "kind": "warning", "reason": "spam"}).status_code == 404
    # Decisions on it are logged, and nobody is emailed.
    moderation.hide(staff_statement, moderator=moderator, reason="spam", seen_status="published")
    assert mail.outbox == []


# Decisions


def test_approving_publishes_it_logs_it_bumps_the_consultation_and_tells_its_author(
    moderator, pending, committed
):
    version = version_of(pending)
    with committed():
        moderation.approve(pending, moderator=moderator)
    pending.refresh_from_db()
    assert (pending.status, pending.moderated_by) == (Status.PUBLISHED, moderator)
    entry = ModelLogEntry.objects.get(action=moderation.APPROVE.action)
    assert (entry.data["before"], entry.data["after"], str(entry.object_id)) == ("pending", "published", str(pending.pk))
    assert version_of(pending) > version
    [email] = mail.outbox
    assert email.to == ["ines@exemple.fr"]
    assert "affirmation" in email.subject and "Publiée" in email.subject
    assert "Le bassin nordique devrait ouvrir le dimanche matin." in email.body
    assert "peuvent maintenant dire s'ils sont d'accord" in email.body
    # Published, it is offered to votes.
    cast_statement_vote(pending, UserFactory(), 1)


def test_rejecting_from_the_items_page_needs_a_reason_which_the_author_reads(
    client, moderator, pending, committed
):
    client.force_login(moderator)
    html = client.get(item_url(pending)).content.decode()
    assert 'value="approve"' in html and 'value="reject"' in html and 'value="hide"' not in html
    missing = client.post(item_url(pending), {"decision": "reject", "seen_status": "pending"})
    assert missing.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Status.PENDING

    with committed():
        response = client.post(
            item_url(pending),
            {"decision": "reject", "reason": "hors-sujet", "note": "Le dimanche est déjà ouvert.", "seen_status": "pending"},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.moderation_reason.code) == (Status.REJECTED, "hors-sujet")
    [email] = mail.outbox
    assert "Refusée" in email.subject
    assert "Hors sujet" in email.body and "Le dimanche est déjà ouvert." in email.body
    assert "/accounts/contributions/?type=statements" in email.body  # where to contest it
    with pytest.raises(ValidationError):
        cast_statement_vote(pending, UserFactory(), 1)


def test_hiding_takes_it_out_of_the_vote_and_keeps_its_votes_as_moderated_out(moderator, published):
    vote(published, 1, -1, 0)
    moderation.hide(published, moderator=moderator, reason="hors-sujet")
    published.refresh_from_db()
    assert published.status == Status.HIDDEN
    with pytest.raises(ValidationError):
        cast_statement_vote(published, UserFactory(), 1)
    votes, hidden = round_votes(published.round)
    assert hidden == {published.pk}
    assert sorted(value for _participant, statement, value in votes if statement == published.pk) == [-1, 0, 1]

    moderation.restore(published, moderator=moderator)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert round_votes(published.round)[1] == set()


def test_a_decision_taken_meanwhile_is_not_overwritten_and_the_second_moderator_is_told(
    client, moderator, pending
):
    other = UserFactory(display_name="Karim T.", groups=[MODERATORS])
    moderation.approve(pending, moderator=other)
    client.force_login(moderator)
    response = client.post(item_url(pending), {"decision": "reject", "reason": "spam", "seen_status": "pending"})
    assert response.status_code == 200
    assert "Karim T." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED
    assert ModelLogEntry.objects.filter(action__startswith="consultations.moderation").count() == 1


@pytest.mark.parametrize("role", [None, "citizen", "editor", "elected_official"])
def test_only_moderators_reach_and_decide_on_a_statement(client, request, role, pending):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(item_url(pending))
    assert response.status_code in {302, 403}
    assert "Le bassin nordique devrait" not in response.content.decode()
    client.post(item_url(pending), {"decision": "approve", "seen_status": "pending"})
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    if role:
        with pytest.raises(PermissionDenied):
            moderation.approve(pending, moderator=request.getfixturevalue(role))


def test_statements_are_decided_under_their_own_permission(client, pending):
    group = Group.objects.create(name="Modération sans affirmations")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "moderate_proposal"]))
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=1), permission=Permission.objects.get(codename="publish_page")
    )
    user = UserFactory(groups=[group.name])
    client.force_login(user)
    assert client.get(item_url(pending)).status_code in {302, 403}
    with pytest.raises(PermissionDenied):
        moderation.approve(pending, moderator=user)

    only_statements = Group.objects.create(name="Modération des affirmations")
    only_statements.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "moderate_statement"]))
    GroupPagePermission.objects.create(
        group=only_statements, page=Page.objects.get(depth=1), permission=Permission.objects.get(codename="publish_page")
    )
    client.force_login(UserFactory(groups=[only_statements.name]))
    assert client.get(QUEUE).status_code == 200
    response = client.post(item_url(pending), {"decision": "approve", "seen_status": "pending"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED


def test_a_bulk_decision_takes_statements_after_proposals(client, moderator, pending, opinion_round, committed):
    other = Statement.objects.create(round=opinion_round, author=UserFactory(), text="Un sauna à la piscine.")
    proposal = ProposalFactory(consultation=opinion_round.consultation, status=Proposal.Status.PENDING)
    client.force_login(moderator)
    start = client.get(
        f"{QUEUE}selection/",
        {"item": [f"proposal-{proposal.pk}", f"statement-{pending.pk}", f"statement-{other.pk}"], "decision": "approve"},
    )
    first = start.url
    assert "/admin/bulk/consultations/proposal/approve/" in first
    page = client.get(first)
    with committed():
        done = client.post(first, {"seen": page.context["form"].initial["seen"]})
    then = done.url
    assert "/admin/bulk/consultations/statement/approve/" in then
    page = client.get(then)
    html = page.content.decode()
    assert "Le bassin nordique devrait" in html and "Un sauna à la piscine." in html
    with committed():
        back = client.post(then, {"seen": page.context["form"].initial["seen"]})
    assert back.status_code == 302 and back.url.startswith(QUEUE)
    assert set(Statement.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert len(mail.outbox) == 3


def test_a_sanction_that_hides_an_accounts_contributions_hides_its_statements(moderator, published, pending, author):
    from consultations.services.sanctions import sanction_account

    sanction_account(author, moderator=moderator, kind="warning", reason="spam", hide_contributions=True)
    published.refresh_from_db()
    pending.refresh_from_db()
    assert (published.status, pending.status) == (Status.HIDDEN, Status.PENDING)


# Reports


def test_reports_hide_a_published_statement_at_the_sites_threshold(client, published, citizen, author, moderator):
    settings_row = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.report_threshold = 2
    settings_row.save()
    url = reverse("consultations:report", args=["affirmation", published.pk])

    client.force_login(author)
    own = client.get(url, follow=True)
    assert "Vous ne pouvez pas signaler votre propre contribution." in own.content.decode()

    client.force_login(citizen)
    form = client.get(url).content.decode()
    assert "Signaler une affirmation" in form and "Les cours de natation devraient être gratuits" in form
    response = client.post(url, {"reason": "hors-sujet", "text": "Hors du sujet du bassin.", **filled_in()})
    assert response.status_code == 302
    assert response["Location"] == published.round.consultation.url
    published.refresh_from_db()
    assert (published.status, published.report_count) == (Status.PUBLISHED, 1)

    moderation.report(published, reporter=UserFactory(), reason="spam")
    published.refresh_from_db()
    assert published.status == Status.HIDDEN
    assert ModelLogEntry.objects.filter(action=moderation.LOG_REPORTED).count() == 1
    with pytest.raises(ValidationError):
        cast_statement_vote(published, UserFactory(), 1)
    assert [row.id for row in moderation_queue(scope=[""], state="reported")] == [published.pk]
    # A moderator confirms the hiding: the author is told why.
    assert moderation.decisions_for(published) == ["hide", "restore"]


def test_a_statement_awaiting_moderation_cannot_be_reported(client, citizen, pending):
    client.force_login(citizen)
    response = client.get(reverse("consultations:report", args=["affirmation", pending.pk]), follow=True)
    assert "Seules les contributions publiées peuvent être signalées." in response.content.decode()
    with pytest.raises(PermissionDenied):
        moderation.report(pending, reporter=citizen, reason="spam")


# The author's side


def test_the_author_finds_the_decision_in_my_contributions_and_contests_it(client, moderator, pending, author):
    moderation.reject(pending, moderator=moderator, reason="hors-sujet", note="Déjà ouvert le dimanche.")
    client.force_login(author)
    contributions = reverse("consultations:account_contributions")
    html = client.get(contributions, {"type": "statements"}).content.decode()
    assert "Affirmations (1)" in html
    assert "Le bassin nordique devrait ouvrir le dimanche matin." in html and "Refusée" in html
    assert "Hors sujet" in html and "Déjà ouvert le dimanche." in html
    contest = f"/contester/affirmation/{pending.pk}/"
    assert f'href="{contest}"' in html and f'href="/resoumettre/affirmation/{pending.pk}/"' in html

    response = client.post(contest, {"text": "Il ne l'est que l'été.", **filled_in()})
    assert response.status_code == 302 and response["Location"] == f"{contributions}?type=statements"
    pending.refresh_from_db()
    assert (pending.appeal, pending.status) == ("contested", Status.REJECTED)
    assert [row.id for row in moderation_queue(scope=[""], state="contested")] == [pending.pk]
    assert moderation.decisions_for(pending) == ["restore", "confirm"]


def test_the_author_edits_and_resubmits_a_rejected_statement(client, moderator, pending, author):
    moderation.reject(pending, moderator=moderator, reason="hors-sujet")
    client.force_login(author)
    url = f"/resoumettre/affirmation/{pending.pk}/"
    assert "Le bassin nordique devrait ouvrir le dimanche matin." in client.get(url).content.decode()
    response = client.post(url, {"body": "Le bassin nordique devrait ouvrir tôt le dimanche.", **filled_in()})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.text, pending.appeal) == (
        Status.PENDING, "Le bassin nordique devrait ouvrir tôt le dimanche.", "resubmitted"
    )
    client.force_login(moderator)
    html = client.get(item_url(pending)).content.decode()
    assert "Le bassin nordique devrait ouvrir le dimanche matin." in html  # the version rejected


def test_a_closed_round_takes_no_resubmission_but_a_contest(client, moderator, pending, author):
    moderation.reject(pending, moderator=moderator, reason="hors-sujet")
    OpinionRound.objects.filter(pk=pending.round_id).update(closes_at=timezone.now() - DAY)
    client.force_login(author)
    assert client.get(f"/resoumettre/affirmation/{pending.pk}/").status_code == 403
    assert client.get(f"/contester/affirmation/{pending.pk}/").status_code == 200


def test_the_gdpr_download_holds_the_authors_statements_and_statement_votes(client, author, pending, published):
    cast_statement_vote(published, author, -1)
    client.force_login(author)
    data = json.loads(client.get(reverse("consultations:account_data_download")).content)
    assert [row["text"] for row in data["statements"]] == [pending.text, published.text]
    assert data["statements"][0]["status"] == "En attente de modération"
    assert data["statements"][0]["opinion_round"] == "Le bassin nordique"
    [cast] = data["statement_votes"]
    assert (cast["statement"], cast["vote"]) == (published.text, "Pas d'accord")
    html = client.get(reverse("consultations:account_data")).content.decode()
    assert "Affirmations (2)" in html


# Two moderators at once, for real


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_simultaneous_decisions_on_one_statement_take_one():
    from tests.consultations.services.test_voting_concurrency import run_together
    from tests.factories import ConsultationPageFactory

    consultation = ConsultationPageFactory(phase="proposals")
    statement = Statement.objects.create(round=open_round(consultation), author=UserFactory(), text="Un toboggan.")
    moderators = [UserFactory(groups=[MODERATORS]) for _ in range(8)]
    refused = []

    def decide(index):
        try:
            if index % 2:
                moderation.approve(statement, moderator=moderators[index], seen_status="pending")
            else:
                moderation.reject(statement, moderator=moderators[index], reason="spam", seen_status="pending")
        except ValidationError as error:
            refused.append(error)

    assert run_together(decide, len(moderators)) == []
    assert len(refused) == len(moderators) - 1
    assert ModelLogEntry.objects.filter(action__startswith="consultations.moderation").count() == 1
    statement.refresh_from_db()
    assert all(statement.moderated_by.public_name in " ".join(error.messages) for error in refused)



def test_hiding_a_voted_statement_recomputes_the_groups_with_it_moderated_out(
    moderator, opinion_round, published, staff_statement, committed
):
    from consultations.models import OpinionResult

    third = Statement.objects.create(round=opinion_round, status=Status.PUBLISHED, text="Un troisième avis.")
    voters = [UserFactory() for _ in range(8)]
    with committed():
        for voter in voters:
            for statement in (published, staff_statement, third):
                cast_statement_vote(statement, voter, 1)
    assert OpinionResult.objects.filter(round=opinion_round).latest().data["moderated_out"] == 0

    with committed():
        moderation.hide(published, moderator=moderator, reason="hors-sujet")

    assert OpinionResult.objects.filter(round=opinion_round).latest().data["moderated_out"] == 1
