"""The terms citizens accept at sign-up exist on the site and the sign-up form links to them."""

import re

import pytest
from wagtail.models import Site

from home.models import SiteIdentity, StandardPage

pytestmark = pytest.mark.django_db


def publish(home_page, title, slug):
    page = home_page.add_child(instance=StandardPage(title=title, slug=slug))
    page.save_revision().publish()
    return page


@pytest.fixture
def legal_pages(home_page):
    identity, _created = SiteIdentity.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "terms_page": publish(home_page, "Conditions générales d'utilisation", "cgu"),
            "privacy_page": publish(home_page, "Données personnelles", "donnees"),
            "cookies_page": publish(home_page, "Cookies", "cookies"),
        },
    )
    return identity


def test_the_signup_consent_links_to_the_terms_and_privacy_pages_of_the_site(client, legal_pages):
    html = client.get("/accounts/signup/").text
    label = re.search(r'<label for="id_accept_terms">(.*?)</label>', html, re.S).group(1)

    assert "<a href=\"/cgu/\">conditions générales d'utilisation</a>" in label
    assert '<a href="/donnees/">politique de confidentialité</a>' in label
    for address in re.findall(r'href="([^"]+)"', label):
        assert client.get(address).status_code == 200, address


def test_without_terms_page_the_consent_keeps_its_plain_label(client, home_page):
    html = client.get("/accounts/signup/").text
    label = re.search(r'<label for="id_accept_terms">(.*?)</label>', html, re.S).group(1)

    assert "<a " not in label
    assert "conditions" in label


def test_the_footer_links_to_the_terms_and_cookies_pages(client, legal_pages):
    html = client.get("/").text

    assert "<a href=\"/cgu/\">Conditions générales d'utilisation</a>" in html
    assert '<a href="/cookies/">Cookies</a>' in html
