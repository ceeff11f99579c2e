"""What pages keep in each process's memory, keyed by the versions it was built from.

`kept(name, keys, compute)` is `compute()`'s value for the versions of `keys` now. Nothing here
expires for freshness: when a version moves, the old entry is simply never asked for again and
ages out of the bounded memory (freshness/memory.py).
"""

import hashlib

from django.core.cache import caches

from . import versions

_MISSING = object()


def memo():
    return caches["memo"]


def key_for(name, keys):
    """The memory key of `name` built from `keys` now, or None when it must not be kept."""
    stamp = versions.stamp(*keys)
    if stamp is None:
        return None
    # Names carry what readers type (a search): hashed, keys stay short and free of spaces.
    return hashlib.blake2b(f"{name}|{stamp}".encode(), digest_size=16).hexdigest()


def kept(name, keys, compute):
    key = key_for(name, keys)
    if key is None:
        return compute()
    found = memo().get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        memo().set(key, found, None)
    return found
