"""Seeding the demo for the tests that read it: seeding takes a minute on PostgreSQL, so a group of
tests shares one seeded demo. It is made inside a transaction that stays open while they run,
each test in a savepoint of its own (pytest-django's `db`), and rolled back once they are done, so
that the tests after them start from the migrated database."""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site


@dataclass(frozen=True)
class SeededDemo:
    output: str
    migration_home_id: int


@contextmanager
def seeded(django_db_blocker, *, scale):
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            migration_home_id = Site.objects.get(is_default_site=True).root_page_id
            output = io.StringIO()
            call_command("seed_demo", scale=scale, stdout=output)
            yield SeededDemo(output.getvalue(), migration_home_id)
        finally:
            transaction.set_rollback(True)
