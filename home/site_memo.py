"""What every page of a site needs, remembered by each worker process for a few seconds.

Before its own work, every page used to look up the Site of its host name, Wagtail's site root
paths (kept in the shared database cache), the site's identity and its main menu: five to seven
queries. They change only when editors edit sites, site settings or the page tree, so each process
keeps them in the "sites" memory cache for SITE_MEMO_SECONDS, along with other published content
read on every page (`remember`: live consultation pages, fragments of rendered page bodies). The process that saves a change
forgets them at once (signals below); the other processes see it within that delay, as anonymous
visitors do with the page cache.

The middleware hands them, before each view, to Wagtail through the attributes Wagtail itself caches them in on the
request, so `Site.find_for_request`, `{% pageurl %}` and `settings.home.SiteIdentity` all use them.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from published.memory import forget, remember
from published.serving import ready_to_serve

from .models import SiteIdentity

@dataclass(frozen=True)
class MenuItem:
    pk: int
    title: str
    url: str
    url_path: str


def site_for(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def load():
        site = Site._find_for_request(request)
        if site is not None:
            # Wagtail routes every request from the specific home page: remember that one.
            site.root_page = ready_to_serve(site.root_page)
        return site

    return remember(f"site:{hostname}:{port}", load)


def identity_for(site):
    def load():
        return SiteIdentity.for_site(site)

    return remember(f"identity:{site.pk}", load)


def main_menu(request, site):
    """Live pages directly under the site's home page that editors put in menus."""

    def load():
        pages = site.root_page.get_children().live().in_menu().public().only("title", "url_path")
        return [MenuItem(page.pk, page.title, page.get_url(request), page.url_path) for page in pages]

    return remember(f"menu:{site.pk}", load)


def site_independent(view):
    """Marks a view that never looks at the site (robots.txt): it is served without a query."""
    view.site_independent = True
    return view


class SiteMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "site_independent", False):
            return
        site = site_for(request)
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = remember("root_paths", Site.get_site_root_paths)
        if site is not None:
            identity = identity_for(site)
            identity._request = request
            setattr(request, SiteIdentity.get_cache_attr_name(), identity)
        return


def _forget_changed_identity(instance, created, **kwargs):
    # An identity is created, with its defaults, the first time a site is remembered: nothing
    # remembered can be older than it.
    if not created:
        forget()


post_save.connect(_forget_changed_identity, sender=SiteIdentity, dispatch_uid="site_memo_save_identity")
post_delete.connect(forget, sender=SiteIdentity, dispatch_uid="site_memo_delete_identity")
for model in (Site, PageViewRestriction):
    post_save.connect(forget, sender=model, dispatch_uid=f"site_memo_save_{model.__name__}")
    post_delete.connect(forget, sender=model, dispatch_uid=f"site_memo_delete_{model.__name__}")
post_delete.connect(forget, sender=Page, dispatch_uid="site_memo_page_delete")
page_published.connect(forget, dispatch_uid="site_memo_published")
page_unpublished.connect(forget, dispatch_uid="site_memo_unpublished")
post_page_move.connect(forget, dispatch_uid="site_memo_moved")
