"""A 375 px wide phone: a short header whose menu folds without JavaScript, a results table whose
last column is reachable, and a budget total that stays in view while choosing projects."""

import pytest
from playwright.sync_api import expect

from consultations.models import ConsultationPage
from consultations.services.voting import ballot_projects, cast_ballot
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import UserFactory

from . import portal_ui as ui

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def phone(new_context, live_server):
    def open_page(*, user=None, javascript=True):
        context = new_context(viewport=PHONE, java_script_enabled=javascript)
        ui.choose_language(context, live_server.url, "en")
        if user is not None:
            ui.sign_in_as(context, live_server.url, user)
        return context.new_page()

    return open_page


def header_height(page):
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_header_is_short_and_its_menu_opens_by_keyboard(phone, live_server, citizen, javascript):
    page = phone(user=citizen, javascript=javascript)
    page.goto(live_server.url + "/")
    assert header_height(page) < 160
    toggle = page.locator("header summary", has_text="Menu")
    expect(toggle).to_be_visible()
    expect(ui.my_account_link(page)).to_be_hidden()
    expect(ui.language_button(page, "fr")).to_be_visible()

    toggle.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(ui.my_account_link(page)).to_be_visible()
    expect(ui.sign_out_button(page)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("header nav.site-nav a, header nav.account-nav a").first).to_be_focused()


def test_wide_screens_show_the_menu_without_a_toggle(new_context, live_server, citizen):
    context = new_context()
    ui.sign_in_as(context, live_server.url, citizen)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("header summary")).to_be_hidden()
    expect(ui.my_account_link(page)).to_be_visible()


def test_the_last_results_column_is_reachable_by_keyboard(phone, live_server, make_consultation):  # noqa: F811
    consultation = make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.FOR_AGAINST,
        projects=[10_000, 20_000, 30_000],
    )
    projects = list(ballot_projects(consultation))
    for number in range(3):
        cast_ballot(consultation, voter=UserFactory(), choices=[(projects[0].pk, 1), (projects[1].pk, -1), (projects[2].pk, 0)])
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        vote_closes_at=consultation.vote_opens_at + (consultation.vote_closes_at - consultation.vote_opens_at) / 1000
    )
    page = phone()
    page.goto(f"{live_server.url}/consultations/{consultation.pk}/resultats/")
    region = page.get_by_role("region", name="Results per project")
    expect(region).to_have_attribute("tabindex", "0")
    expect(page.get_by_text("Scroll the table sideways to see every column.")).to_be_visible()
    last_column = region.get_by_role("columnheader", name="Abstain")

    def on_screen():
        box = last_column.bounding_box()
        return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    assert not on_screen()  # the table is wider than the phone: this test means something
    region.focus()
    at_the_end = "el => el.scrollLeft + el.clientWidth >= el.scrollWidth - 1"
    for _press in range(40):
        page.keyboard.press("ArrowRight")
        if region.evaluate(at_the_end):
            break
    assert on_screen()


def test_the_budget_total_stays_in_view_while_choosing_the_last_project(phone, live_server, citizen, make_consultation):  # noqa: F811
    consultation = make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000,
        projects=[40_000, 50_000, 30_000, 70_000, 20_000, 10_000],
    )
    page = phone(user=citizen)
    page.goto(f"{live_server.url}/consultations/{consultation.pk}/vote/")
    total = page.locator("[data-budget-total]")
    expect(total).to_have_attribute("aria-live", "polite")
    last = page.get_by_role("checkbox").last
    last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)  # as a thumb would, past the project
    last.scroll_into_view_if_needed()
    box = total.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    last_box = last.bounding_box()
    assert not (last_box["y"] < box["y"] + box["height"] and last_box["y"] + last_box["height"] > box["y"])
    last.check()
    expect(total).to_contain_text("10,000")
