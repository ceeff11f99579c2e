"""An approval ballot stops at its limit in the browser (JavaScript), and the server keeps the rule."""

import pytest
from playwright.sync_api import expect

from consultations.models import Ballot, ConsultationPage
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401

from . import portal_ui as ui


@pytest.fixture
def approval_vote(make_consultation):  # noqa: F811 (the imported fixture)
    return make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=2,
        projects=[10_000, 20_000, 30_000, 40_000],
    )


def test_approval_ballot_disables_the_other_projects_at_the_limit(new_context, live_server, citizen, approval_vote):
    context = new_context()
    ui.sign_in_as(context, live_server.url, citizen)
    page = context.new_page()
    page.goto(live_server.url + f"/consultations/{approval_vote.pk}/vote/")
    boxes = page.locator("input[name=projects]")
    expect(boxes).to_have_count(4)
    message = page.locator("[data-choices-total]")
    expect(message).to_have_attribute("aria-live", "polite")

    boxes.nth(0).check()
    expect(boxes.nth(2)).to_be_enabled()
    boxes.nth(1).check()
    expect(message).to_have_text("Vous avez choisi 2 projets sur 2 au maximum.")
    expect(boxes.nth(2)).to_be_disabled()
    expect(boxes.nth(3)).to_be_disabled()
    expect(boxes.nth(0)).to_be_enabled()  # a chosen project can still be unticked

    boxes.nth(0).uncheck()
    expect(message).to_have_text("Vous avez choisi 1 projet sur 2 au maximum.")
    expect(boxes.nth(2)).to_be_enabled()
    boxes.nth(2).check()
    ui.submit_button(page).click()
    expect(page.get_by_text("Votre vote a bien été enregistré")).to_be_visible()
    assert Ballot.objects.filter(consultation=approval_vote, voter=citizen).exists()
