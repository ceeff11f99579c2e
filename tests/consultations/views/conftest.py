import pytest

from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory


@pytest.fixture
def proposal(open_consultation):
    """A published proposal by Inès in the open consultation."""
    return submit_proposal(
        open_consultation, author=UserFactory(display_name="Inès"), title="Une pataugeoire ombragée",
        body="Installer une toile d'ombrage au-dessus de la pataugeoire l'été.",
    )
