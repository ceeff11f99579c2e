"""The site a request is for, and page addresses on it, kept under the content version.

Wagtail looks the site up in the database (`Site.find_for_request`) on each request that builds a
page address; sites change only when editors save one, which bumps "content"
(freshness/published.py), so each process keeps them. `page_url` is `Page.get_url` given that
site, through its public `current_site` argument."""

from django.http.request import split_domain_port
from wagtail.models import Site

from .kept import kept
from .versions import CONTENT


def current_site(request):
    hostname = split_domain_port(request.get_host())[0]
    return kept(f"site:{hostname}:{request.get_port()}", [CONTENT], lambda: Site.find_for_request(request))


def page_url(page, request):
    return page.get_url(request=request, current_site=current_site(request)) or ""


def site_root_paths():
    """Wagtail's `Site.get_site_root_paths()`, most specific first, kept under the content
    version."""
    return kept("site-root-paths", [CONTENT], lambda: list(Site.get_site_root_paths()))


def root_of(url_path, roots=None):
    """The `SiteRootPath` (site_id, root_path, root_url) of the site a page at `url_path` is on,
    or None for a page outside every site. `roots`: site_root_paths(), when the caller asks for
    many pages."""
    for root in roots if roots is not None else site_root_paths():
        if url_path.startswith(root.root_path):
            return root
    return None
