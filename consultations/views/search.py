"""Search across the site's pages and the published proposals of its consultations."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from freshness.sites import current_site

from ..search_text import search_words, typed_text
from ..selectors import site_proposals

PAGE_SIZE = 10


def search_query(request):
    return typed_text(request.GET.get("q", ""))


def site_search(request):
    query = search_query(request)
    site = current_site(request)
    pages = proposals = None
    words = " ".join(search_words(query))
    if words and site is not None:
        found_pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).search(words)
        pages = Paginator(found_pages, PAGE_SIZE).get_page(request.GET.get("pages"))
        proposals = Paginator(site_proposals(site.root_page, words), PAGE_SIZE).get_page(request.GET.get("proposals"))
    response = render(
        request,
        "consultations/search.html",
        {"query": query, "searched": pages is not None, "pages": pages, "proposals": proposals},
    )
    # Results read every consultation of the site, which no one version covers: never kept.
    patch_cache_control(response, private=True)
    return response
