"""The Wagtail admin's Content-Security-Policy, and the Permissions-Policy.

django-csp sends the policy of CONTENT_SECURITY_POLICY (portal/settings/base.py) on every
response. The Wagtail admin still ships inline scripts and styles, previews pages in a frame of
its own and shows uploaded images from blob: addresses, so under /admin/, which only staff reach,
its policy is relaxed. No nonce there: a browser that finds a nonce ignores 'unsafe-inline'.

Django's SecurityMiddleware sends X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy, XFrameOptionsMiddleware X-Frame-Options; neither sends a
Permissions-Policy, hence the small middleware at the end.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_REPLACED_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
ADMIN_ADDED_SOURCES = {"img-src": ["blob:"]}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_REPLACED_DIRECTIVES, **(parts.replace or {})}
            parts.update = {**ADMIN_ADDED_SOURCES, **(parts.update or {})}
        return parts


def permissions_policy_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
