import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    # Service errors are asserted on their English source text; pages test the French ones.
    with translation.override("en"):
        yield
