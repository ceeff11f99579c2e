"""Published content remembered by each worker process for SITE_MEMO_SECONDS.

The process that saves a change forgets it all at once (`forget`, connected by the apps to what
their editors save); the other processes see the change within that delay.
"""

from django.conf import settings
from django.core.cache import caches

MISSING = "missing"


def _memo():
    return caches["sites"]


def remember(key, compute):
    """`compute()`'s answer (None included), kept SITE_MEMO_SECONDS; for published content only."""
    memo = _memo()
    value = memo.get(key)
    if value is None:
        value = compute()
        memo.set(key, MISSING if value is None else value, settings.SITE_MEMO_SECONDS)
    return None if isinstance(value, str) and value == MISSING else value


def forget(**kwargs):
    _memo().clear()
