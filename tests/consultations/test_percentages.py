"""Shares on the results page are rounded to the nearest tenth, not cut."""

import pytest
from django.utils import translation

from consultations.templatetags.participation_tags import percent


@pytest.mark.parametrize(
    ("share", "shown"),
    [(11 / 14, "78,6\u00a0%"), (10 / 18, "55,6\u00a0%"), (1 / 3, "33,3\u00a0%"), (0.9996, "100,0\u00a0%"), (0, "0,0\u00a0%")],
)
def test_shares_are_rounded_to_a_tenth(share, shown):
    with translation.override("fr"):
        assert percent(share) == shown


def test_english_writes_the_sign_without_a_space():
    with translation.override("en"):
        assert percent(11 / 14) == "78.6%"
