from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from freshness.sites import current_site

from .serving import identity_for


def admin_login_redirect(request):
    """Send staff to the portal's single, throttled sign-in page, keeping where they were going.

    Someone already signed in lands here only when the admin refused them: sending them to sign in
    again would bounce between the two pages for ever, so they are told the admin is for staff."""
    if request.user.is_authenticated:
        return render(request, "home/staff_only.html", status=403)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    target = reverse("account_login")
    return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url or reverse('wagtailadmin_home')})}")


def switch_language(request, code):
    """Remember the chosen language and go back. A link rather than a form, so that public pages
    carry no CSRF token and can be cached whole; the choice only sets a preference cookie."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


def site_theme_css(request):
    """The site's colours as CSS custom properties: a stylesheet, so that pages carry no inline
    style and the strict Content-Security-Policy needs no per-response nonce."""
    site = current_site(request)
    if site is None:
        raise Http404
    identity = identity_for(site)
    css = (
        ":root{"
        f"--primary:{identity.primary_colour};--on-primary:{identity.text_on_primary};"
        f"--accent:{identity.accent_colour};--on-accent:{identity.text_on_accent};"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The URL carries a fingerprint of the colours, so the file may be kept for long.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico wherever a page does not name its icon (a PDF, an error)."""
    return redirect(static("img/favicon.svg"), permanent=True)
