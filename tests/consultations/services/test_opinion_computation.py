"""The opinion groups are computed in the background, debounced: many votes queue one task, a vote
during a computation queues another, and nothing is recomputed when nothing changed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from consultations.models import OpinionResult, OpinionRound, Statement
from consultations.services import opinions
from consultations.services.opinions import (
    cast_statement_vote,
    compute_opinion_round,
    computation_needed,
    compute_round,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
Status = Statement.Status


@pytest.fixture
def opinion_round(open_consultation):
    now = timezone.now()
    return OpinionRound.objects.create(
        consultation=open_consultation, title="La piscine", opens_at=now - DAY, closes_at=now + DAY
    )


@pytest.fixture
def statements(opinion_round):
    return [
        Statement.objects.create(round=opinion_round, text=f"Affirmation {number}", status=Status.PUBLISHED)
        for number in range(3)
    ]


@pytest.fixture
def queue(settings):
    """A task backend that keeps what is queued without running it, and can defer."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.OPINION_COMPUTE_DELAY = 30
    backend = task_backends["default"]
    backend.clear()
    return backend.results


@pytest.fixture
def vote(django_capture_on_commit_callbacks):
    """Cast a vote in its own transaction, as a request does: its after-commit work runs."""
    def cast(statement, user=None, value=1):
        with django_capture_on_commit_callbacks(execute=True):
            return cast_statement_vote(statement, user or UserFactory(), value)
    return cast


def run(queued_task):
    return compute_opinion_round.call(*queued_task.args)


def test_ten_votes_queue_one_computation_due_after_the_delay(opinion_round, statements, queue, vote):
    before = timezone.now()
    for _number in range(10):
        vote(statements[0])
    opinion_round.refresh_from_db()
    due = opinion_round.computation_due_at
    assert before + datetime.timedelta(seconds=30) <= due <= timezone.now() + datetime.timedelta(seconds=30)
    assert len(queue) == 1
    assert queue[0].task.run_after == due
    assert queue[0].args == [opinion_round.pk]
    assert not OpinionResult.objects.exists()


def test_the_computation_counts_every_vote_and_empties_the_due_date(opinion_round, statements, queue, vote):
    for _number in range(4):
        vote(statements[0])
    result_id = run(queue[0])
    opinion_round.refresh_from_db()
    assert opinion_round.computation_due_at is None
    assert OpinionResult.objects.get().pk == result_id
    assert OpinionResult.objects.get().vote_count == 4


def test_a_vote_during_the_computation_queues_a_second_run_which_counts_it(
    opinion_round, statements, queue, vote, monkeypatch
):
    vote(statements[0])
    late_voter = UserFactory()

    def computing_while_a_vote_arrives(opinion_round):
        vote(statements[1], late_voter)
        return compute_round(opinion_round)

    with monkeypatch.context() as patched:
        patched.setattr(opinions, "compute_round", computing_while_a_vote_arrives)
        run(queue[0])
    assert len(queue) == 2
    opinion_round.refresh_from_db()
    assert opinion_round.computation_due_at is not None
    run(queue[1])
    assert OpinionResult.objects.order_by("-pk").first().vote_count == 2


def test_nothing_is_recomputed_when_nothing_changed(opinion_round, statements, queue, vote):
    vote(statements[0])
    run(queue[0])
    assert run(queue[0]) is None
    assert OpinionResult.objects.count() == 1


def test_a_changed_vote_or_a_hidden_statement_is_computed_again(opinion_round, statements, queue, vote):
    citizen = UserFactory()
    vote(statements[0], citizen, 1)
    vote(statements[1], citizen, 1)
    run(queue[0])
    vote(statements[0], citizen, -1)
    assert run(queue[1]) is not None
    Statement.objects.filter(pk=statements[1].pk).update(status=Status.HIDDEN)
    computation_needed(opinion_round)  # outside a transaction's callbacks: at once
    assert run(queue[-1]) is not None
    assert OpinionResult.objects.count() == 3


def test_with_the_immediate_backend_a_vote_is_counted_at_commit(opinion_round, statements, vote):
    vote(statements[0])
    opinion_round.refresh_from_db()
    assert opinion_round.computation_due_at is None
    assert OpinionResult.objects.get().vote_count == 1


def test_a_due_date_left_by_a_lost_task_does_not_block_later_votes(opinion_round, statements, queue, vote):
    OpinionRound.objects.filter(pk=opinion_round.pk).update(computation_due_at=timezone.now() - 2 * opinions.LOST_AFTER)
    vote(statements[0])
    assert len(queue) == 1


def test_a_round_keeps_its_latest_results_only(opinion_round, statements, settings):
    settings.OPINION_RESULTS_KEPT = 2
    citizen = UserFactory()
    kept = []
    for value in (1, -1, 0):
        cast_statement_vote(statements[0], citizen, value)
        kept.append(compute_round(opinion_round).pk)
    assert list(opinion_round.results.order_by("pk").values_list("pk", flat=True)) == kept[1:]


def test_the_daily_command_computes_the_rounds_left_behind(open_consultation, statements, opinion_round, queue, vote):
    now = timezone.now()
    up_to_date = OpinionRound.objects.create(consultation=open_consultation, title="À jour", opens_at=now - DAY)
    current = Statement.objects.create(round=up_to_date, text="Fermer plus tard", status=Status.PUBLISHED)
    vote(current)
    compute_round(up_to_date)
    lost = OpinionRound.objects.create(consultation=open_consultation, title="Perdu", opens_at=now - DAY)
    forgotten = Statement.objects.create(round=lost, text="Ouvrir plus tôt", status=Status.PUBLISHED)
    vote(forgotten)
    OpinionRound.objects.filter(pk=lost.pk).update(computation_due_at=now - datetime.timedelta(minutes=5))
    vote(statements[0])  # queued, not run yet: its due date is in the future

    output = io.StringIO()
    call_command("compute_opinion_rounds", stdout=output)

    assert "examinés : 2 ; calculs faits : 2" in output.getvalue()
    assert {result.round_id for result in OpinionResult.objects.all()} == {up_to_date.pk, lost.pk, opinion_round.pk}
    assert OpinionResult.objects.filter(round=up_to_date).count() == 1
    lost.refresh_from_db()
    assert lost.computation_due_at is None
