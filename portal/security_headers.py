"""Content-Security-Policy and Permissions-Policy on every response.

Public pages get a strict policy: scripts and styles only from this origin (the site's colours come
from /theme.css), no framing by other sites; so a public page can be cached whole. The Wagtail admin still ships a few
inline handlers, so its pages keep 'unsafe-inline' for scripts; they are only reachable by staff.
"""

import secrets
from urllib.parse import urlparse

from django.conf import settings


def _origin(url):
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else None


def build_policy(*, nonce, admin):
    oidc_origins = [
        origin
        for origin in (_origin(app["settings"]["server_url"]) for app in settings.OIDC_APPS)
        if origin
    ]
    script_src = ["'self'"] + (["'unsafe-inline'"] if admin else [])
    style_src = ["'self'", "'unsafe-inline'"] if admin else ["'self'"]
    directives = {
        "default-src": ["'self'"],
        "script-src": script_src,
        "style-src": style_src,
        "img-src": ["'self'", "data:", "blob:", *settings.CSP_EXTRA_IMAGE_SOURCES],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *settings.CSP_EXTRA_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *oidc_origins],
        "frame-ancestors": ["'self'"] if admin else ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault(
            "Content-Security-Policy", build_policy(nonce=request.csp_nonce, admin=admin)
        )
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=()"
        )
        return response
