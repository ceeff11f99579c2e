from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage, LocalProjectPage

DAY = timedelta(days=1)


def phase_dates(phase, now=None):
    """Dates that put a consultation in the given phase now (proposals then vote)."""
    now = now or timezone.now()
    offsets = {
        "information": 0,
        "proposals": 1,
        "deliberation": 2,
        "vote": 3,
        "results": 4,
        "decision": 5,
    }
    step = offsets[phase]
    # Each phase lasts ten days; shift the calendar so that `phase` contains `now`.
    start = now - (step * 10 - 5) * DAY if step else now + 5 * DAY
    dates = {
        "proposals_opens_at": start,
        "proposals_closes_at": start + 10 * DAY,
        "vote_opens_at": start + 20 * DAY,
        "vote_closes_at": start + 30 * DAY,
        "decision_at": start + 40 * DAY,
    }
    return dates


@pytest.fixture
def consultation_index(home_page):
    index = home_page.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    return index


@pytest.fixture
def make_consultation(consultation_index):
    counter = {"n": 0}

    def make(phase="proposals", *, projects=(), **fields):
        counter["n"] += 1
        values = {
            "title": f"Consultation {counter['n']}",
            "slug": f"consultation-{counter['n']}",
            "question": "Comment rénover la piscine Jean-Bouin ?",
            "vote_method": ConsultationPage.VoteMethod.NONE,
        }
        values.update(phase_dates(phase))
        values.update(fields)
        page = consultation_index.add_child(instance=ConsultationPage(**values))
        for number, cost in enumerate(projects, start=1):
            page.add_child(
                instance=LocalProjectPage(
                    title=f"Projet {number}", slug=f"projet-{number}", summary=f"Résumé du projet {number}", cost=cost
                )
            )
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def open_consultation(make_consultation):
    return make_consultation("proposals")


@pytest.fixture
def budget_vote(make_consultation):
    return make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000,
        projects=[40_000, 50_000, 30_000, 70_000],
    )
