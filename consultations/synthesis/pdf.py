"""A synthesis as a PDF file, drawn by WeasyPrint from its print template.

WeasyPrint fetches what the HTML points at (stylesheets, images): here it reads static files from
disk and nothing else. Links stay the site's (the document's base URL is the site's root) so that
they work in the PDF, but no URL is ever fetched over the network: rendering must not depend on
the server reaching itself, nor let a link in the page make it reach anywhere else.
"""

import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesFetcher(URLFetcher):
    """Answers the static files' URLs from disk and `data:` URLs; refuses every other URL
    (WeasyPrint then leaves the resource out). The sources come first, through the finders, so
    that a stale STATIC_ROOT never wins; the names the manifest storage gives in production
    (portal.<hash>.css) exist only in STATIC_ROOT."""

    def __init__(self, base_url):
        super().__init__(allowed_protocols=("data",))
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(self.static_prefix):
            raise ValueError(f"not a static file, not fetched: {url}")
        name = unquote(urlsplit(url[len(self.static_prefix):]).path)
        path = self._path(name)
        if path is None:
            raise ValueError(f"no such static file: {name}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, open(path, "rb"), {"Content-Type": content_type})

    @staticmethod
    def _path(name):
        if ".." in name.split("/"):
            return None
        found = finders.find(name)
        if found:
            return found
        try:
            return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
        except NotImplementedError:  # a remote storage: only the sources are on disk
            return None


def render_pdf(html, *, base_url):
    """The PDF bytes of `html` (a string), its relative links resolved against `base_url`."""
    return HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url)).write_pdf()
