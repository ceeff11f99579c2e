import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_forbid_inline_scripts_and_framing(client, url):
    response = client.get(url)
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html and " onclick=" not in html


def test_site_colours_come_from_a_cacheable_stylesheet(client, home_page):
    from home.models import SiteIdentity
    from wagtail.models import Site

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.primary_colour = "#0b3d5c"
    identity.save()
    html = client.get("/").content.decode()
    href = re.search(r'href="(/theme.css\?v=[0-9a-f]+)"', html).group(1)
    css = client.get(href)
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--primary:#0b3d5c" in css.content.decode()
    assert "immutable" in css["Cache-Control"]
    identity.primary_colour = "#1d4f91"
    identity.save()
    assert href not in client.get("/").content.decode()


def test_admin_pages_may_be_framed_by_the_portal_itself_for_previews(client, editor):
    client.force_login(editor)
    csp = directives(client.get("/admin/"))
    assert csp["frame-ancestors"] == ["'self'"]


def test_cookies_are_not_readable_by_scripts(client, citizen, password):
    response = client.post("/accounts/login/", {"login": citizen.email, "password": password})
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
