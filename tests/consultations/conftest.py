import pytest

from consultations.models import ConsultationPage
from tests.factories import ConsultationPageFactory, consultation_list


@pytest.fixture
def consultation_index(home_page):
    return consultation_list()


@pytest.fixture
def make_consultation(consultation_index):
    counter = {"n": 0}

    def make(phase="proposals", *, projects=(), **fields):
        counter["n"] += 1
        page = ConsultationPageFactory(
            parent=consultation_index,
            phase=phase,
            projects=projects,
            **{"title": f"Consultation {counter['n']}", "slug": f"consultation-{counter['n']}", **fields},
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
