"""Addresses that fail on purpose, for tests/test_error_pages.py."""

from django.db import OperationalError
from django.urls import path

from portal.urls import handler500, urlpatterns as portal_urlpatterns  # noqa: F401


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def bug(request):
    raise ZeroDivisionError


urlpatterns = [path("panne-base/", database_down), path("bogue/", bug), *portal_urlpatterns]
