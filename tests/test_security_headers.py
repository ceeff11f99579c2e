import re
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from portal.security_headers import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_forbid_inline_scripts_and_framing(client, url):
    response = client.get(url)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(self), payment=()"


def test_the_maps_tiles_are_allowed_on_public_pages(client, home_page):
    map_script = (Path(settings.BASE_DIR) / "static" / "js" / "map.js").read_text()
    tile_url = re.search(r'tileLayer\("([^"]+)"', map_script).group(1).replace("{s}", "a")
    tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(tile_url))
    allowed = directives(client.get("/"))["img-src"]
    assert any(fnmatch(tile_origin, source) for source in allowed)


def render_through_the_policy(path, template):
    """A response whose template may read the request's nonce, as the portal's views render."""
    request = RequestFactory().get(path)

    def view(request):
        return HttpResponse(Template(template).render(Context({"request": request})))

    response = ContentSecurityPolicyMiddleware(view)(request)
    return response.content.decode(), directives(response)


def test_an_inline_style_with_the_responses_nonce_is_allowed():
    html, csp = render_through_the_policy("/", '<style nonce="{{ request.csp_nonce }}">p{}</style>')
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert csp["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_admin_pages_keep_inline_code_even_when_they_read_the_nonce():
    # A nonce in the header would make browsers ignore 'unsafe-inline', breaking the admin.
    _html, csp = render_through_the_policy("/admin/pages/", '<style nonce="{{ request.csp_nonce }}"></style>')
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in csp["img-src"]


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
    response = client.get("/admin/")
    csp = directives(response)
    assert response.status_code == 200
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_cookies_are_not_readable_by_scripts(client, citizen, password):
    response = client.post("/accounts/login/", {"login": citizen.email, "password": password})
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
