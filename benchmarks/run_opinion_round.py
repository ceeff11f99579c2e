#!/usr/bin/env python3
"""Reads of the opinion round page (consultations/opinion_reads.py) on a large round, PostgreSQL.

    .venv/bin/python benchmarks/run_opinion_round.py [--participants 5000] [--statements 500] [--votes 60]

A database of its own (`portal_opinion_round_bench`, next to the local one of the README, dropped
and created again), migrated, then one round written in bulk (not through the services: speed):
--statements published statements and --participants accounts each answering --votes statements
drawn at random (seeded), as the issue's benchmark conversation (5,000 × 500). Then, for a
participant who answered half of them and for a newcomer: milliseconds (best of 5) of the next
statement, the progress and the answers, and of the consultation page's round summary drawn anew.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "portal_opinion_round_bench"
SERVER = "postgres://portal:portal@127.0.0.1:5432"


def best_ms(function, repeat=5):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--votes", type=int, default=60)
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(f"{SERVER}/portal", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from consultations import opinion_reads
    from consultations.models import OpinionRound, Statement, StatementVote, User
    from tests.factories import ConsultationPageFactory, consultation_list

    from home.models import HomePage  # noqa: F401  (the migrated site's home page)

    consultation = ConsultationPageFactory(parent=consultation_list())
    opinion_round = OpinionRound.objects.create(
        consultation=consultation, title="Banc d'essai", opens_at=timezone.now() - timezone.timedelta(days=1)
    )
    statements = Statement.objects.bulk_create(
        Statement(round=opinion_round, text=f"Affirmation {i}", status=Statement.Status.PUBLISHED)
        for i in range(args.statements)
    )
    people = User.objects.bulk_create(
        User(email=f"banc{i}@exemple.invalid") for i in range(args.participants + 1)
    )
    newcomer, participants = people[0], people[1:]
    rng = random.Random(13)
    StatementVote.objects.bulk_create(
        (
            StatementVote(statement=statement, participant=person, value=rng.choice((1, -1, 0)))
            for person in participants
            for statement in rng.sample(statements, min(args.votes, len(statements)))
        ),
        batch_size=20000,
    )
    half = participants[0]
    StatementVote.objects.filter(participant=half).delete()
    StatementVote.objects.bulk_create(
        StatementVote(statement=s, participant=half, value=1) for s in statements[: len(statements) // 2]
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    votes = StatementVote.objects.count()
    print(f"{args.statements} statements, {args.participants} participants, {votes} votes")
    for name, person in [("newcomer", newcomer), ("half answered", half)]:
        print(f"{name}: next statement {best_ms(lambda p=person: opinion_reads.next_statement(opinion_round, p)):.1f} ms, "
              f"progress {best_ms(lambda p=person: opinion_reads.progress(opinion_round, p)):.1f} ms, "
              f"answers {best_ms(lambda p=person: opinion_reads.own_answers(opinion_round, p)):.1f} ms")
    from freshness.kept import memo

    def summaries():
        memo().clear()
        opinion_reads.round_summaries(consultation)

    print(f"round summary of the consultation page, drawn anew: {best_ms(summaries):.1f} ms")
    if os.environ.get("EXPLAIN"):
        query = opinion_reads.next_statement_query(opinion_round, newcomer)
        print(query.explain(analyze=True))


if __name__ == "__main__":
    main()
