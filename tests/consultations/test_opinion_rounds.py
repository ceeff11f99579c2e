"""Opinion rounds: votes on statements through the service (each bad input refused, one row per
participant and statement), and the three shared Polis conversations imported through
`import_polis` and computed through `opinion_groups` (the portal's own path) giving the vote matrix
of the CSV and the groups `consultations.opinion` finds on the CSV directly.

The Polis data is CC BY 4.0, The Computational Democracy Project (see its README.md): 15-per-hour-seattle,
london.youth.policing and scoop-hivemind.ubi from compdemocracy/openData.
"""

import datetime
import io
import json
import os
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from consultations.models import (
    ConsultationPage,
    OpinionResult,
    OpinionRound,
    Statement,
    StatementVote,
    User,
)
from consultations.services.opinions import cast_statement_vote, compute_round
from tests.markers import postgresql_only
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(os.environ.get("POLIS_DATA") or Path(settings.BASE_DIR).parent / "shared" / "data" / "polis")
CONVERSATIONS = ["15-per-hour-seattle", "london.youth.policing", "scoop-hivemind.ubi"]
needs_data = pytest.mark.skipif(
    not (DATA / CONVERSATIONS[0]).is_dir(), reason=f"the shared Polis data is absent ({DATA})"
)
Status = Statement.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def opinion_round(open_consultation):
    now = timezone.now()
    return OpinionRound.objects.create(
        consultation=open_consultation, title="La piscine", opens_at=now - DAY, closes_at=now + DAY
    )


@pytest.fixture
def statement(opinion_round):
    return Statement.objects.create(round=opinion_round, text="Ouvrir le dimanche", status=Status.PUBLISHED)


@pytest.fixture
def citizen():
    return UserFactory()


def test_a_vote_is_stored_and_a_later_vote_replaces_it(statement, citizen):
    cast_statement_vote(statement, citizen, 1)
    cast_statement_vote(statement, citizen, -1)
    assert list(StatementVote.objects.values_list("participant", "value")) == [(citizen.pk, -1)]


@pytest.mark.parametrize("opens, closes", [(-3, -1), (1, 3)], ids=["closed", "not-open-yet"])
def test_no_vote_outside_the_round(statement, citizen, opens, closes):
    now = timezone.now()
    OpinionRound.objects.filter(pk=statement.round_id).update(opens_at=now + opens * DAY, closes_at=now + closes * DAY)
    with pytest.raises(ValidationError, match="n'est pas ouvert"):
        cast_statement_vote(statement, citizen, 1)
    assert not StatementVote.objects.exists()


def test_a_vote_after_closing_leaves_the_earlier_vote(statement, citizen):
    cast_statement_vote(statement, citizen, 1)
    OpinionRound.objects.filter(pk=statement.round_id).update(closes_at=timezone.now() - DAY)
    with pytest.raises(ValidationError):
        cast_statement_vote(statement, citizen, -1)
    assert StatementVote.objects.get().value == 1


@pytest.mark.parametrize("status", [Status.HIDDEN, Status.PENDING])
def test_no_vote_on_a_statement_not_published(statement, citizen, status):
    Statement.objects.filter(pk=statement.pk).update(status=status)
    with pytest.raises(ValidationError, match="ne peut pas être votée"):
        cast_statement_vote(statement, citizen, 1)  # the caller's copy still says published
    assert not StatementVote.objects.exists()


@pytest.mark.parametrize("value", [2, -2, "1", None, True, 0.5])
def test_only_agree_disagree_or_pass(statement, citizen, value):
    with pytest.raises(ValidationError, match="d'accord, pas d'accord ou passer"):
        cast_statement_vote(statement, citizen, value)
    assert not StatementVote.objects.exists()


def test_pass_is_a_vote(statement, citizen):
    assert cast_statement_vote(statement, citizen, 0).value == 0


def test_anonymous_and_inactive_accounts_cannot_vote(statement, citizen):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        cast_statement_vote(statement, AnonymousUser(), 1)
    citizen.is_active = False
    with pytest.raises(PermissionDenied):
        cast_statement_vote(statement, citizen, 1)
    assert not StatementVote.objects.exists()


def test_an_account_without_a_confirmed_address_cannot_vote(statement):
    with pytest.raises(PermissionDenied, match="Confirmez votre adresse"):
        cast_statement_vote(statement, UserFactory(verified_email=False), 1)


def test_votes_are_per_participant(statement, citizen):
    other = UserFactory()
    cast_statement_vote(statement, citizen, 1)
    cast_statement_vote(statement, other, -1)
    assert dict(StatementVote.objects.values_list("participant", "value")) == {citizen.pk: 1, other.pk: -1}


def test_the_database_refuses_a_second_row_and_an_unknown_value(statement, citizen):
    StatementVote.objects.create(statement=statement, participant=citizen, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementVote.objects.create(statement=statement, participant=citizen, value=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementVote.objects.create(statement=statement, participant=UserFactory(), value=2)
    assert StatementVote.objects.count() == 1


# serialized_rollback: the flush of a transactional test must give the next tests their migrated
# site and home page back (as tests/consultations/services/test_voting_concurrency.py does).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_concurrent_votes_of_one_participant_end_in_one_row(home_page):
    from tests.factories import ConsultationPageFactory

    now = timezone.now()
    page = ConsultationPageFactory()
    opinion_round = OpinionRound.objects.create(consultation=page, title="t", opens_at=now - DAY, closes_at=now + DAY)
    statement = Statement.objects.create(round=opinion_round, text="s", status=Status.PUBLISHED)
    citizen = UserFactory()
    barrier, errors = threading.Barrier(4), []

    def vote(value):
        try:
            barrier.wait()
            cast_statement_vote(statement, User.objects.get(pk=citizen.pk), value)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(value,)) for value in (1, -1, 0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert StatementVote.objects.filter(statement=statement).count() == 1


def test_compute_round_keeps_hidden_statements_out_of_the_results(opinion_round):
    statements = [
        Statement.objects.create(round=opinion_round, text=f"s{n}", status=Status.PUBLISHED) for n in range(4)
    ]
    hidden = Statement.objects.create(round=opinion_round, text="hors sujet", status=Status.HIDDEN)
    pending = Statement.objects.create(round=opinion_round, text="en attente", status=Status.PENDING)
    citizens = [UserFactory() for _ in range(10)]
    for n, citizen in enumerate(citizens):
        side = 1 if n < 5 else -1
        for k, statement in enumerate(statements):
            cast_statement_vote(statement, citizen, side if k % 2 else -side)
        StatementVote.objects.create(statement=hidden, participant=citizen, value=side)
    StatementVote.objects.create(statement=pending, participant=citizens[0], value=1)

    result = compute_round(opinion_round)

    assert result == OpinionResult.objects.get()
    assert result.vote_count == 50  # 40 + 10 on the hidden statement, none on the pending one
    assert result.data["enough_data"] and result.data["moderated_out"] == 1
    assert result.data["statements"] == 5
    shown = {r["statement"] for g in result.data["groups"] for r in g["representative"]}
    shown |= {c["statement"] for c in result.data["consensus"]} | {d["statement"] for d in result.data["divisive"]}
    assert shown and hidden.pk not in shown


# Imported Polis conversations ------------------------------------------------------------------


def import_polis(folder):
    out = io.StringIO()
    call_command("import_polis", str(folder), stdout=out, stderr=io.StringIO())
    return int(out.getvalue().strip())


def groups_json(round_id):
    out = io.StringIO()
    call_command("opinion_groups", str(round_id), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@needs_data
@pytest.mark.parametrize("name", CONVERSATIONS)
def test_an_imported_conversation_gives_the_groups_of_its_csv(name, home_page):
    from consultations.opinion.groups import opinion_groups
    from consultations.opinion.polis_export import read_export

    export = read_export(DATA / name)
    opinion_round = OpinionRound.objects.get(pk=import_polis(DATA / name))

    assert opinion_round.external_source == f"polis:{name}"
    assert not opinion_round.is_open() and not opinion_round.consultation.is_voting_open
    # The vote matrix, cell for cell, equals participants-votes.csv (the latest vote of votes.csv).
    participant_of = {int(k): v for k, v in opinion_round.external_participants.items()}
    imported = {
        (participant_of[p], int(c)): v
        for p, c, v in StatementVote.objects.filter(statement__round=opinion_round)
        .values_list("participant", "statement__external_id", "value")
    }
    assert imported == export.matrix
    per_participant = Counter(p for p, _c in imported)
    assert {p: per_participant[p] for p in export.totals} == {p: t[0] for p, t in export.totals.items()}
    hidden = set(opinion_round.statements.filter(status=Status.HIDDEN).values_list("external_id", flat=True))
    assert {int(c) for c in hidden} == export.moderated_out
    assert not User.objects.filter(pk__in=map(int, opinion_round.external_participants), is_active=True).exists()

    printed = groups_json(opinion_round.pk)
    direct = opinion_groups(export.votes, moderated_out=export.moderated_out)
    clustered = {int(p): g for p, g in printed["participants"].items() if g is not None}
    assert set(clustered) == set(direct.clustered)
    assert printed["k"] == direct.k
    assert clustered == {p.participant: p.group for p in direct.placements if p.group is not None}
    assert printed["groups"] == {str(g.id): [r.statement for r in g.representative] for g in direct.groups}
    assert printed["consensus"] == [c.statement for c in direct.consensus]
    assert printed["divisive"] == [d.statement for d in direct.divisive]


@needs_data
def test_an_export_without_votes_csv_is_refused_and_nothing_created(home_page, tmp_path):
    shutil.copy(DATA / "london.youth.policing" / "comments.csv", tmp_path / "comments.csv")
    with pytest.raises(CommandError, match="impossible de lire votes.csv.*rien n'a été importé"):
        import_polis(tmp_path)
    assert not OpinionRound.objects.exists() and not ConsultationPage.objects.exists()


COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"


@pytest.mark.parametrize(
    "comments, votes, message",
    [
        (COMMENTS + "1,d,1,2,0,0,1,Oui\n", VOTES + "2,d,1,abc,1\n", "votes.csv, ligne 2 : voter-id « abc » n'est pas un nombre entier"),
        (COMMENTS + "1,d,x1,2,0,0,1,Oui\n", VOTES, "comments.csv, ligne 2 : comment-id « x1 »"),
        (COMMENTS + "1,d,1,2,0,0,1,Oui\n", VOTES + "2,d,1,3,1\n3,d,1,3,-2\n", "votes.csv, ligne 3 : vote vaut « -2 »"),
        (COMMENTS + "1,d,1,2,0,0,1,Oui\n", VOTES + "2,d,7,3,1\n", "le commentaire 7 n'est pas dans comments.csv"),
        ("timestamp,comment-id\n", VOTES, "colonne\\(s\\) absente\\(s\\) : author-id, moderated, comment-body"),
    ],
    ids=["voter-id", "comment-id", "vote", "unknown-comment", "columns"],
)
def test_malformed_exports_are_refused_with_the_line_and_nothing_created(home_page, tmp_path, comments, votes, message):
    (tmp_path / "comments.csv").write_text(comments)
    (tmp_path / "votes.csv").write_text(votes)
    with pytest.raises(CommandError, match=message):
        import_polis(tmp_path)
    assert not OpinionRound.objects.exists() and not User.objects.exists()


def test_a_missing_folder_is_refused(home_page, tmp_path):
    with pytest.raises(CommandError, match="n'est pas un dossier"):
        import_polis(tmp_path / "absent")


def test_opinion_groups_of_an_unknown_round_is_refused():
    with pytest.raises(CommandError, match="Aucun tour d'opinions"):
        groups_json(999)


@needs_data
def test_the_text_format_lists_each_group_with_its_members(home_page):
    round_id = import_polis(DATA / "london.youth.policing")
    printed = groups_json(round_id)
    out = io.StringIO()
    call_command("opinion_groups", str(round_id), "--format", "text", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{printed['k']} groupes, {StatementVote.objects.count()} votes."
    for group, chosen in printed["groups"].items():
        members = sum(1 for g in printed["participants"].values() if str(g) == group)
        assert f"Groupe {group} ({members} participants) : {', '.join(map(str, chosen))}" in lines
    assert OpinionResult.objects.filter(round_id=round_id).count() == 2
