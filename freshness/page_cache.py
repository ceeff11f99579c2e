"""Whole public pages for visitors who are not signed in, kept until what they show changes.

A page is kept with the versions it read (freshness/versions.py): a hit costs the one query
that reads those versions again, and a page whose consultation, published content or authors'
names have changed since is drawn anew. So a hidden comment, an edited proposal or an
unpublished page is gone from the very next anonymous response, in every process.
ANONYMOUS_PAGE_CACHE_SECONDS only bounds what no version covers (running vote counts shown
during a vote); 0 turns the cache off.

Anything personal keeps a page out: a session or messages cookie on the request, a cookie or a
CSRF token in the response, an error status, a private or no-store response. Signed-in visitors
and form posts always reach the views. Only the query parameters the portal's pages read are part
of the key: an address with any other (`?utm_source=…`) is served but not kept, so made-up
addresses cannot fill the memory, which is bounded in bytes anyway (the "pages" cache).

A page may vary on one cookie the visitor is dealt (the proposals' random order): the view says
so with `vary_on_dealt_cookie`, and the cookie's dealer, registered by the app that owns it,
deals one to newcomers so that their first page can be shared too.
"""

import hashlib
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from . import versions

SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/documents/", "/media/", "/static/")
KEPT_HEADERS = {"content-type", "content-language", "vary", "x-frame-options", "cache-control"}
_dealers = {}


def register_dealer(cookie, deal, give):
    """`deal()` returns a new value of `cookie` for a newcomer; `give(response, value)` sets it."""
    _dealers[cookie] = (deal, give)


def vary_on_dealt_cookie(response, cookie):
    """Marks a response whose content depends on the value of a dealt `cookie`."""
    response.varies_on_dealt_cookie = cookie
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        base = self._base_key(request) if seconds else None
        if base is None:
            return self.get_response(request)
        pages = caches["pages"]
        key, dealt = base, None
        marker = pages.get(base)
        if marker is not None and "cookie" in marker:
            cookie = marker["cookie"]
            if cookie not in request.COOKIES and cookie in _dealers:
                dealt = (cookie, _dealers[cookie][0]())
                request.COOKIES[cookie] = str(dealt[1])
            key = self._key(base, request.COOKIES.get(cookie, ""))
            stored = pages.get(key)
        else:
            stored = marker
        response = self._replay(stored)
        if response is None:
            response = self.get_response(request)
            self._keep(request, response, base, key, seconds)
        if dealt is not None and response.status_code == 200:
            _dealers[dealt[0]][1](response, dealt[1])
        return response

    def _base_key(self, request):
        if request.method not in {"GET", "HEAD"}:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None
        if request.path.startswith(SKIPPED_PREFIXES):
            return None
        params = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if any(name not in settings.ANONYMOUS_PAGE_CACHE_QUERY_PARAMETERS for name, _ in params):
            return None
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        return self._key(request.get_host(), request.path, sorted(params), language)

    def _key(self, *parts):
        return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()

    def _replay(self, stored):
        if stored is None or "content" not in stored:
            return None
        keys = tuple(stored["versions"])
        if versions.current().get(*keys) != tuple(stored["versions"].values()):
            return None
        response = HttpResponse(stored["content"], status=200)
        for name, value in stored["headers"]:
            response[name] = value
        return response

    def _keep(self, request, response, base, key, seconds):
        cookie = getattr(response, "varies_on_dealt_cookie", None)
        pages = caches["pages"]
        if cookie is not None and key == base:
            # First sight of a page that varies on a dealt cookie: remember that it does, and
            # keep the page itself once the visitor has the cookie.
            pages.set(base, {"cookie": cookie}, None)
            if cookie not in request.COOKIES:
                return
            key = self._key(base, request.COOKIES[cookie])
        if not self._shareable(request, response):
            return
        reader = versions.current()
        # Every page shows some published content (the site's menu at least).
        read = tuple(sorted({*reader.read_keys(), versions.CONTENT}))
        if not reader.may_keep(read):
            return
        values = dict(zip(read, reader.get(*read), strict=True))
        headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
        pages.set(key, {"content": response.content, "headers": headers, "versions": values}, seconds)

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
