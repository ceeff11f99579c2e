"""A resident discovers the portal in French, switches to English, signs up, confirms the address
received by email, signs out and back in."""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Consent, User

from . import portal_ui as ui
from .crawl import PageReport, audit, raise_for_failures

EMAIL = "elise.dupre@exemple.fr"
DISPLAY_NAME = "Élise D."
PASSWORD = "Tramway-Part-Dieu-2026!"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+?/(?=\s|$)", re.M)


def expect_accessible(page, *, lang):
    """Pages only reachable along the journey (not by the crawl) get the same audit."""
    report = PageReport(url=page.url)
    audit(page, report, lang=lang)
    raise_for_failures([report], "page along the sign-up journey")


def confirmation_link_sent_to(address):
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, f"expected one verification email to {address}, got {mail.outbox!r}"
    links = CONFIRMATION_LINK.findall(messages[0].body)
    assert links, f"no confirmation link in the email body:\n{messages[0].body}"
    return links[0]


def test_home_page_is_french_by_default_and_english_on_request(page, live_server):
    page.goto(live_server.url + "/")
    ui.expect_language(page, "fr")
    expect(ui.sign_in_link(page)).to_have_text("Se connecter")
    expect(ui.sign_up_link(page)).to_have_text("Créer un compte")
    expect(page.locator("a.skip-link")).to_have_text("Aller au contenu principal")

    ui.switch_language(page, "en")
    assert page.url == live_server.url + "/", (
        "the switcher must bring the visitor back to the same page"
    )
    expect(ui.sign_in_link(page)).to_have_text("Sign in")
    expect(ui.sign_up_link(page)).to_have_text("Create an account")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies.get("portal_language") == "en"

    # The choice follows the visitor to other pages, the allauth ones included.
    ui.sign_in_link(page).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    ui.expect_language(page, "en")

    ui.switch_language(page, "fr")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/")
    ui.expect_language(page, "fr")
    expect(ui.sign_in_link(page)).to_have_text("Se connecter")


def test_citizen_signs_up_confirms_email_and_signs_in_again(page, live_server, snapshot):
    page.goto(live_server.url + "/")
    ui.expect_language(page, "fr")
    ui.switch_language(page, "en")

    ui.sign_up_link(page).click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/accounts/signup/(\?next=.*)?$"))
    ui.expect_language(page, "en")
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill(DISPLAY_NAME)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("terms of use")).check()
    with page.expect_navigation():
        ui.submit_button(page).click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    ui.expect_language(page, "en")
    ui.expect_signed_out(page)
    user = User.objects.get(email=EMAIL)
    assert user.display_name == DISPLAY_NAME
    assert Consent.objects.filter(user=user, kind=Consent.Kind.TERMS).exists()
    assert not EmailAddress.objects.get(email=EMAIL).verified
    snapshot(page, "verification-sent")
    expect_accessible(page, lang="en")

    link = confirmation_link_sent_to(EMAIL)
    assert link.startswith(live_server.url + "/"), f"link does not lead back to this site: {link}"
    page.goto(link)
    ui.expect_language(page, "en")
    expect(page.locator("main")).to_contain_text(EMAIL)
    expect_accessible(page, lang="en")
    with page.expect_navigation():
        ui.submit_button(page).click()

    assert EmailAddress.objects.get(email=EMAIL).verified
    ui.expect_signed_in_as(page, DISPLAY_NAME)

    with page.expect_navigation():
        ui.sign_out_button(page).click()
    ui.expect_signed_out(page)
    ui.expect_language(page, "en")  # the language is the visitor's, not the session's

    ui.sign_in_link(page).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        ui.submit_button(page).click()

    ui.expect_signed_in_as(page, DISPLAY_NAME)
    expect(ui.my_account_link(page)).to_have_text(f"My account ({DISPLAY_NAME})")

    ui.switch_language(page, "fr")
    expect(ui.my_account_link(page)).to_have_text(f"Mon compte ({DISPLAY_NAME})")
    expect(ui.sign_out_button(page)).to_have_text("Se déconnecter")
    ui.my_account_link(page).click()
    expect(page).to_have_url(live_server.url + "/accounts/profile/")
    ui.expect_language(page, "fr")
    expect(page.locator("#id_display_name")).to_have_value(DISPLAY_NAME)
    snapshot(page, "signed-in-profile")
