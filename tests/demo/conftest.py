import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site


@dataclass(frozen=True)
class SeededDemo:
    output: str
    migration_home_id: int


@pytest.fixture(scope="module")
def seeded_demo(request, django_db_setup, django_db_blocker):
    """The demo seeded once per test module, at the module's DEMO_SCALE.

    Seeding takes seconds, so the module's tests share it: it is made inside a transaction that
    stays open while they run, each test in a savepoint of its own (pytest-django's `db`), and
    rolled back once they are done, so that the next module starts from the migrated database.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            migration_home_id = Site.objects.get(is_default_site=True).root_page_id
            output = io.StringIO()
            call_command("seed_demo", scale=request.module.DEMO_SCALE, stdout=output)
            yield SeededDemo(output.getvalue(), migration_home_id)
        finally:
            transaction.set_rollback(True)
