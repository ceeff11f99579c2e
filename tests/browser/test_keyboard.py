"""Keyboard-only use and narrow screens (WCAG 2.4.1, 2.4.3, 2.4.7, 1.4.10; RGAA 12.7, 10.7)."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from consultations.models import User
from tests.factories import UserFactory

from . import portal_ui as ui
from .crawl import PageReport, check_reflow, raise_for_failures

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        classes: el.className,
        href: el.getAttribute("href"),
        name: el.getAttribute("name"),
        value: el.getAttribute("value"),
        type: el.getAttribute("type"),
        text: (el.innerText || "").trim(),
        in_header: !!el.closest("header"),
        in_main: !!el.closest("main"),
        after_main: !!(document.querySelector("main").compareDocumentPosition(el)
                       & Node.DOCUMENT_POSITION_FOLLOWING),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        box_shadow: style.boxShadow !== "none",
        on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                   && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""

HEADER_FOCUSABLES = """() => Array.from(document.querySelectorAll(
        "header a[href], header button, header input, header select, header [tabindex]"))
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0)
    .map(el => el.getAttribute("href")
               || `${el.tagName.toLowerCase()}:${el.getAttribute("value") || ""}`)"""


def focused(page):
    return page.evaluate(FOCUSED)


def describe(element):
    """The same label as HEADER_FOCUSABLES gives: the link's href, or tag:value for buttons."""
    return element["href"] or f"{element['tag']}:{element['value'] or ''}"


def tab_until(page, selector, *, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return focused(page)
    raise AssertionError(f"{selector} never received focus after {limit} presses of Tab")


def test_skip_link_is_the_first_focusable_element_and_leads_to_main(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["classes"] and first["href"] == "#main", first
    assert first["on_screen"], "the skip link must become visible when it has focus"
    assert first["outline"] or first["box_shadow"], "the skip link has no visible focus indicator"

    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/#main")
    assert page.evaluate("document.activeElement.id") == "main"

    # The next Tab continues from the main content, not from the top of the header.
    page.keyboard.press("Tab")
    after = focused(page)
    assert not after["in_header"] and (after["in_main"] or after["after_main"]), after


def test_header_is_usable_by_keyboard_alone(page, live_server):
    page.goto(live_server.url + "/")
    expected_order = page.evaluate(HEADER_FOCUSABLES)
    visited = []
    page.keyboard.press("Tab")  # the skip link, before the header
    for _ in range(40):
        page.keyboard.press("Tab")
        element = focused(page)
        if not element["in_header"]:
            break
        assert element["on_screen"], f"{describe(element)} is focused but not visible"
        assert element["outline"] or element["box_shadow"], (
            f"{describe(element)} has no visible focus indicator"
        )
        visited.append(describe(element))
    assert visited == expected_order, "focus order differs from the header's reading order"
    assert any(href.startswith("/accounts/login/") for href in visited)
    assert any(href.startswith("/accounts/signup/") for href in visited)
    assert any(href.startswith("/langue/en/") for href in visited)

    page.goto(live_server.url + "/")
    tab_until(page, 'header a[hreflang="en"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.expect_language(page, "en")

    tab_until(page, 'header a[href^="/accounts/signup/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/accounts/signup/(\?next=.*)?$"))
    ui.expect_language(page, "en")


def test_signed_in_header_links_and_sign_out_work_by_keyboard(page, live_server):
    user = UserFactory(display_name="Jules R.")
    ui.sign_in_as(page.context, live_server.url, user)
    page.goto(live_server.url + "/")
    ui.expect_signed_in_as(page, "Jules R.")

    tab_until(page, 'header a[href="/accounts/profile/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/accounts/profile/")

    sign_out = tab_until(page, 'header form[action="/accounts/logout/"] button')
    assert sign_out["outline"] or sign_out["box_shadow"], "sign-out button has no visible focus"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.expect_signed_out(page)


def test_signup_form_is_usable_by_keyboard_alone(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    tab_until(page, "#id_email")
    page.keyboard.type("lea.martin@exemple.fr")
    fields = [
        ("#id_display_name", "Léa M."),
        ("#id_password1", "Croix-Rousse-Funiculaire-9"),
        ("#id_password2", "Croix-Rousse-Funiculaire-9"),
    ]
    for selector, text in fields:
        page.keyboard.press("Tab")
        assert page.evaluate("s => document.activeElement.matches(s)", selector), (
            f"after the previous field, Tab should reach {selector}, not {describe(focused(page))}"
        )
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_accept_terms"
    page.keyboard.press("Space")
    expect(page.locator("#id_accept_terms")).to_be_checked()
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "button" and button["type"] == "submit" and button["in_main"], button
    assert button["outline"] or button["box_shadow"], "the submit button has no visible focus"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert User.objects.filter(email="lea.martin@exemple.fr", display_name="Léa M.").exists()


LONG_ADDRESS = "christophe.vandenbroucke@mairie-saintclairsursaone.fr"


@pytest.mark.parametrize(
    "path, signed_in",
    [
        pytest.param("/", False, id="home"),
        pytest.param("/accounts/signup/", False, id="signup"),
        pytest.param("/accounts/login/", False, id="login"),
        pytest.param("/", True, id="home-signed-in"),
        pytest.param("/accounts/profile/", True, id="profile"),
        pytest.param("/accounts/my-data/", True, id="my-data"),
        pytest.param("/accounts/email/", True, id="email"),
    ],
)
def test_no_horizontal_scrolling_at_320_pixels(new_context, live_server, path, signed_in):
    context = new_context(viewport={"width": 320, "height": 640})
    if signed_in:
        # A real-world address and name, long and with few break opportunities.
        user = UserFactory(email=LONG_ADDRESS, display_name="Marie-Christine Vandenbroucke")
        ui.sign_in_as(context, live_server.url, user)
    page = context.new_page()
    page.goto(live_server.url + path)
    assert urlsplit(page.url).path == path, f"redirected to {page.url}"
    report = PageReport(url=page.url)
    check_reflow(page, report)
    raise_for_failures([report], "reflow at 320 px")
