"""Search across the site's pages and the published proposals of its consultations."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from freshness.sites import current_site

from ..selectors import MAX_SEARCH_WORDS, site_proposals

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


def search_query(request):
    """The query as typed, without what no search needs (NUL bytes, which PostgreSQL refuses,
    and anything past MAX_QUERY_LENGTH characters)."""
    return " ".join(request.GET.get("q", "").replace("\x00", " ")[:MAX_QUERY_LENGTH].split())


def search_words(query):
    """The words of the query, lower case and nothing else: SQLite's full-text index reads
    quotes, stars and upper-case AND/OR/NOT as its own syntax and fails on unbalanced ones."""
    return " ".join(re.findall(r"\w+", query.lower())[:MAX_SEARCH_WORDS])


def site_search(request):
    query = search_query(request)
    site = current_site(request)
    pages = proposals = None
    words = search_words(query)
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
