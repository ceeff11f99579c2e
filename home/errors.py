"""The server error pages: drawn without the database, which may be the thing that failed.

When the database cannot be reached the answer is 503 with Retry-After, so that proxies and
monitors see an outage and not a bug; the page says the team was told only when someone is
(`ADMINS`, to whom Django mails each error)."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.http import HttpResponse

RETRY_AFTER_SECONDS = 30


def server_error(request):
    error = sys.exc_info()[1]
    outage = isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )
    context = {"notified": bool(settings.ADMINS), "outage": outage}
    response = HttpResponse(render_to_string("500.html", context), status=503 if outage else 500)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
