from django.conf import settings
from django.utils.functional import SimpleLazyObject

from freshness import versions

from freshness.sites import current_site

from .serving import identity_for


def content_language(request):
    """The language editors write in; marked on their text so screen readers switch voice when
    the interface is shown in another language (WCAG 3.1.2)."""
    return {"CONTENT_LANGUAGE": settings.LANGUAGE_CODE}


def site(request):
    """The site's identity, kept under the content version (home/serving.py), and that version,
    which keys the fragments templates keep with `{% wagtailcache %}`."""

    def identity():
        site = current_site(request)
        return identity_for(site) if site is not None else None

    return {
        "identity": SimpleLazyObject(identity),
        "content_version": SimpleLazyObject(lambda: versions.current().get(versions.CONTENT)[0]),
    }
