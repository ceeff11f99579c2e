from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

from consultations.phases import Phase, current_phase, next_deadline, timeline

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=dt_timezone.utc)
DATES = {
    "proposals_opens_at": T0,
    "proposals_closes_at": T0 + timedelta(days=10),
    "vote_opens_at": T0 + timedelta(days=20),
    "vote_closes_at": T0 + timedelta(days=30),
    "decision_at": T0 + timedelta(days=40),
}


@pytest.mark.parametrize(
    ("days", "phase"),
    [
        (-1, Phase.INFORMATION),
        (0, Phase.PROPOSALS),
        (9.9, Phase.PROPOSALS),
        (10, Phase.DELIBERATION),
        (20, Phase.VOTE),
        (30, Phase.RESULTS),
        (40, Phase.DECISION),
    ],
)
def test_the_phase_follows_the_dates(days, phase):
    assert current_phase(DATES, T0 + timedelta(days=days)) == phase


def test_a_consultation_without_vote_goes_from_proposals_to_results():
    dates = {"proposals_opens_at": T0, "proposals_closes_at": T0 + timedelta(days=10)}
    assert current_phase(dates, T0 + timedelta(days=11)) == Phase.RESULTS
    assert [step.phase for step in timeline(dates, T0)] == [Phase.INFORMATION, Phase.PROPOSALS, Phase.RESULTS]


def test_timeline_marks_past_current_and_upcoming_phases():
    steps = timeline(DATES, T0 + timedelta(days=21))
    assert [(step.phase, step.state) for step in steps] == [
        (Phase.INFORMATION, "past"),
        (Phase.PROPOSALS, "past"),
        (Phase.DELIBERATION, "past"),
        (Phase.VOTE, "current"),
        (Phase.RESULTS, "upcoming"),
        (Phase.DECISION, "upcoming"),
    ]


def test_next_deadline_is_the_closest_date_to_come():
    deadline = next_deadline(DATES, T0 + timedelta(days=21))
    assert deadline.key == "vote_closes_at"
    assert deadline.at == DATES["vote_closes_at"]
    assert next_deadline(DATES, T0 + timedelta(days=50)) is None


@pytest.mark.django_db
def test_the_database_conditions_give_every_consultation_the_phase_current_phase_gives_it(make_consultation):
    """Lists filter by phase in SQL (phase_conditions): for every mix of set, empty, past and
    future dates, exactly one condition holds, the one for the phase the page itself shows."""
    from itertools import combinations

    from consultations.models import ConsultationPage
    from consultations.phases import phase_conditions

    consultation = make_consultation("information")
    fields = list(DATES)
    now = T0 + timedelta(days=100)
    conditions = phase_conditions(now)
    checked = 0
    for size in range(len(fields) + 1):
        for kept in combinations(fields, size):
            for cut in range(size + 1):
                dates = dict.fromkeys(fields)
                for index, name in enumerate(kept):
                    dates[name] = now + timedelta(days=index - cut + (0 if index < cut else 1))
                ConsultationPage.objects.filter(pk=consultation.pk).update(**dates)
                rows = ConsultationPage.objects.filter(pk=consultation.pk)
                matched = [phase for phase, condition in conditions.items() if rows.filter(condition).exists()]
                assert matched == [current_phase(dates, now)], dates
                checked += 1
    assert checked == 112
