"""The random order of proposals, kept per visitor in a cookie.

Each visitor is dealt one of a few dozen orders and keeps it across pages and visits, so nobody
is favoured by being posted early and pagination stays stable; a bounded number of orders also
lets anonymous pages be cached.
"""

import random

from django.conf import settings

SEED_COOKIE = "proposal_order"
ORDERS = 64
MAX_AGE = 60 * 60 * 24 * 30


def seed_from(request):
    raw = request.COOKIES.get(SEED_COOKIE, "")
    if raw.isdigit() and 1 <= int(raw) <= ORDERS:
        return int(raw)
    return None


def deal_seed():
    return random.randint(1, ORDERS)


def remember(response, seed):
    # Sent over HTTPS only wherever the session cookie is (production).
    response.set_cookie(
        SEED_COOKIE, str(seed), max_age=MAX_AGE, samesite="Lax", httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
