import pytest

from .seeding import seeded

# Every module of this package reads the same demo, seeded once (the scale-zero demo has its
# own package, tests/demo_at_scale_zero: a package's demo stays until its last test).
DEMO_SCALE = 1


@pytest.fixture(scope="package")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once at DEMO_SCALE for the whole package (seeding.py)."""
    with seeded(django_db_blocker, scale=DEMO_SCALE) as demo:
        yield demo
