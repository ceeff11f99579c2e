import pytest

from tests.demo.seeding import seeded


@pytest.fixture(scope="package")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once at scale 0: sites and consultations alone (tests/demo/seeding.py)."""
    with seeded(django_db_blocker, scale=0) as demo:
        yield demo
