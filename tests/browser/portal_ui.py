"""Locators and actions on the portal's shared layout (header, language switcher, forms).

Locators rely on URLs, ids and roles so that they work in both interface languages; tests assert
the wording itself where it matters.
"""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect


def my_account_name(display_name):
    return re.compile(rf"^\s*(Mon compte|My account) \({re.escape(display_name)}\)\s*$")


def account_nav(page):
    return page.locator("header nav.account-nav")


def sign_in_link(page):
    return account_nav(page).locator('a[href^="/accounts/login/"]')


def sign_up_link(page):
    return account_nav(page).locator('a[href^="/accounts/signup/"]')


def my_account_link(page):
    return account_nav(page).locator('a[href="/accounts/profile/"]')


def sign_out_button(page):
    return account_nav(page).locator('form[action="/accounts/logout/"] button[type="submit"]')


def language_button(page, code):
    return page.locator(f'header .language-switcher a[hreflang="{code}"]')


def expect_language(page, code):
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(
        page.locator(f'.language-switcher [aria-current="true"][lang="{code}"]')
    ).to_be_visible()


def switch_language(page, code):
    with page.expect_navigation():
        language_button(page, code).click()
    expect_language(page, code)


def expect_signed_out(page):
    expect(sign_in_link(page)).to_be_visible()
    expect(sign_up_link(page)).to_be_visible()
    expect(my_account_link(page)).to_have_count(0)


def expect_signed_in_as(page, display_name):
    expect(my_account_link(page)).to_have_text(my_account_name(display_name))
    expect(sign_out_button(page)).to_be_visible()
    expect(sign_in_link(page)).to_have_count(0)


def submit_button(page):
    """The submit button of the page's main form (not the header's sign-out or language forms)."""
    return page.locator('main form button[type="submit"]')


def sign_in_as(context, base_url, user):
    """Give the browser context a signed-in session for `user`, without going through the form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def choose_language(context, base_url, code):
    """Set the language cookie as the switcher would (for tests that are not about the switcher)."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": base_url}])
