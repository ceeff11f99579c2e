"""A short-lived cache of whole public pages for visitors who are not signed in.

Public pages are the same for every anonymous visitor of a site in one language (and, for
proposal lists, one of a few random orders), so they are kept for ANONYMOUS_PAGE_CACHE_SECONDS.
Anything personal keeps it out: a session or messages cookie on the request, a cookie or a CSRF
token in the response, an error status, a private or no-store response. Signed-in visitors and
every form post always reach the views, so a contribution is never lost; an anonymous visitor
may see counts a few seconds old.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from consultations import visitor_order

SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/i18n/", "/documents/", "/media/", "/static/", "/theme.css")
KEPT_HEADERS = {"content-type", "content-language", "vary", "x-frame-options", "cache-control"}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not self._anonymous_read(request):
            return self.get_response(request)
        dealt_seed = None
        if visitor_order.seed_from(request) is None:
            dealt_seed = visitor_order.deal_seed()
            request.COOKIES[visitor_order.SEED_COOKIE] = str(dealt_seed)
        cache = caches["pages"]
        key = self._key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"]:
                response[name] = value
        else:
            response = self.get_response(request)
            if self._shareable(request, response):
                headers = [(n, v) for n, v in response.items() if n.lower() in KEPT_HEADERS]
                cache.set(key, {"content": response.content, "headers": headers}, seconds)
        if dealt_seed is not None and response.status_code == 200:
            visitor_order.remember(response, dealt_seed)
        return response

    def _anonymous_read(self, request):
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(SKIPPED_PREFIXES)
        )

    def _key(self, request):
        parts = "|".join(
            [
                request.get_host(),
                request.get_full_path(),
                getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
                request.COOKIES.get(visitor_order.SEED_COOKIE, ""),
            ]
        )
        return "page:" + hashlib.sha256(parts.encode()).hexdigest()

    def _shareable(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in cache_control
            and "no-store" not in cache_control
            and response.get("Content-Type", "").startswith("text/html")
        )
