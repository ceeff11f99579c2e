"""Shares on the results page are rounded to the nearest tenth, not cut."""

import pytest
from django.utils import translation

from consultations.selectors import VoteResults
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


@pytest.mark.parametrize(("ballots", "eligible", "shown"), [(23, 80, "28,8\u00a0%"), (41, 80, "51,3\u00a0%"), (11, 14, "78,6\u00a0%")])
def test_turnout_exactly_on_a_half_tenth_rounds_up(ballots, eligible, shown):
    # 23/80 is 28.75 %; computed in floats it was 28.7499… and showed 28,7 %.
    results = VoteResults(method="approval", ballots=ballots, eligible=eligible)
    with translation.override("fr"):
        assert percent(results.turnout) == shown
