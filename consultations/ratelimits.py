"""Per-user posting limits, counted in the shared cache so every server process sees them."""

import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LIMITS = {
    # action: (how many, per seconds)
    "proposal": (5, 60 * 60),
    "comment": (20, 10 * 60),
    "support": (120, 60),
    "ballot": (30, 60),
    "resident_code": (5, 60 * 60),
}


class RateLimited(ValidationError):
    pass


def consume(user, action):
    """Count one action; raise RateLimited once the user's window is full."""
    limit, period = LIMITS[action]
    window = int(time.time() // period)
    key = f"rl:{action}:{user.pk}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=period + 5)
        count = 1
    if count > limit:
        raise RateLimited(
            _("You are posting too fast. Please wait a few minutes and try again."),
            code="rate_limited",
        )
