"""Serving a site's pages from memory, through Wagtail's own routing, keyed by the content version.

Every page needs its site, the page at its address with its view restrictions, the site's
identity and its menu. They change only when editors publish, move, unpublish or set up
something, which bumps the "content" version (freshness/published.py): so each process keeps them
under that version and draws them again on the first request after a change, whichever process
made it.

`serve` is Wagtail's front-end view (`wagtail.views.serve`) with one difference: the route
found by Wagtail's own `route()` for an address is kept. Unknown addresses are not kept, so
made-up addresses cannot push real ones out of the bounded memory.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from wagtail import hooks
from wagtail.views import serve_chain

from freshness.kept import kept, key_for, memo
from freshness.sites import current_site
from freshness.versions import CONTENT

from .models import SiteIdentity


@dataclass(frozen=True)
class MenuItem:
    pk: int
    title: str
    url: str
    url_path: str


def identity_for(site):
    # Wagtail's `for_site` creates a missing setting, which would bump the content version from a
    # reader's request: a site nobody has set up yet shows the defaults, unsaved.
    def load():
        return SiteIdentity.objects.filter(site=site).first() or SiteIdentity(site=site)

    return kept(f"identity:{site.pk}", [CONTENT], load)


def main_menu(request, site):
    """Live pages directly under the site's home page that editors put in menus."""

    def load():
        pages = site.root_page.get_children().live().in_menu().public().only("title", "url_path")
        return [MenuItem(page.pk, page.title, page.get_url(request), page.url_path) for page in pages]

    return kept(f"menu:{site.pk}", [CONTENT], load)


def _route(request, site, components):
    try:
        return site.root_page.specific.route(request, components)
    except Http404:
        return None


def route(request, site, path):
    components = [component for component in path.split("/") if component]
    key = key_for(f"route:{site.pk}:{'/'.join(components)}", [CONTENT])
    found = memo().get(key) if key else None
    if found is None:
        found = _route(request, site, components)
        if found is not None and key:
            memo().set(key, found, None)
    return found


def serve(request, path):
    site = current_site(request)
    found = route(request, site, path) if site is not None else None
    if found is None:
        raise Http404
    page, args, kwargs = found
    if hasattr(page, "serving"):
        page = page.serving()
    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
