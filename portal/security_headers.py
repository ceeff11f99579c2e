"""Content-Security-Policy and Permissions-Policy on every response.

Public pages get a strict policy: scripts and styles only from this origin (the site's colours come
from /theme.css), no framing by other sites; so a public page can be cached whole. The Wagtail
admin still ships a few inline handlers, so its pages keep 'unsafe-inline'; only staff reach them.
Both policies depend on settings alone, so they are built once.
"""

from urllib.parse import urlparse

from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=()"


def _origin(url):
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else None


def build_policy(*, admin):
    oidc_origins = [
        origin
        for origin in (_origin(app["settings"]["server_url"]) for app in settings.OIDC_APPS)
        if origin
    ]
    inline = ["'unsafe-inline'"] if admin else []
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *inline],
        "style-src": ["'self'", *inline],
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
        self.public_policy = build_policy(admin=False)
        self.admin_policy = build_policy(admin=True)

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.admin_policy if request.path.startswith("/admin/") else self.public_policy
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
