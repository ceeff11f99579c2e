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


def test_the_only_inline_style_carries_the_nonce_of_its_response(client):
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    style_tags = re.findall(r"<style[^>]*>", html)
    assert style_tags == [f'<style nonce="{nonce}">']
    assert "<script>" not in html and " onclick=" not in html


def test_each_response_gets_a_new_nonce(client):
    first = directives(client.get("/"))["style-src"]
    second = directives(client.get("/"))["style-src"]
    assert first != second


def test_admin_pages_may_be_framed_by_the_portal_itself_for_previews(client, editor):
    client.force_login(editor)
    csp = directives(client.get("/admin/"))
    assert csp["frame-ancestors"] == ["'self'"]


def test_cookies_are_not_readable_by_scripts(client, citizen, password):
    response = client.post("/accounts/login/", {"login": citizen.email, "password": password})
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
