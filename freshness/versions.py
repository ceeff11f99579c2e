"""Versions: integers that whatever writes bumps, and whatever is kept is keyed by.

The rule: whatever is kept (a page, a fragment, a list of ids, a routed page) is keyed by the
versions of what it was built from, and whatever writes bumps those versions in its own
transaction. A bump is an UPDATE ... SET value = value + 1 on a row of `freshness_version`, so a
rollback leaves the version alone and a commit makes the change visible to the next request of
every process, which reads the versions it needs in one query.

Why a row and not the shared cache: a row changes with the writer's transaction. A version that
is read before the data it keys can only ever key data as new as itself or newer.

Keys are short strings: "content" (every site's published content and what editors set up),
"people" (participants' public names), "consultation:<id>" and "reader:<user id>" (from
consultations/activity.py).
"""

import contextvars

from django.db import transaction
from django.db.models import F

from .models import Version

CONTENT = "content"


def reader_key(user_id):
    """What is one reader's own (what they follow, support, voted)."""
    return f"reader:{user_id}"

_current = contextvars.ContextVar("freshness_versions", default=None)


def bump(*keys):
    """Add one to each version in `keys`, in the caller's transaction (or its own). One UPDATE
    when the rows exist; rows are created on first use. Keys are locked in sorted order, so two
    writers bumping overlapping keys cannot deadlock."""
    keys = sorted({key for key in keys if key})
    if not keys:
        return
    with transaction.atomic():
        bumped = Version.objects.filter(key__in=keys).update(value=F("value") + 1)
        if bumped < len(keys):
            existing = set(Version.objects.filter(key__in=keys).values_list("key", flat=True))
            missing = [key for key in keys if key not in existing]
            # Two writers may create the same row: the loser's insert is ignored and its update
            # below still counts, so neither change is lost.
            Version.objects.bulk_create([Version(key=key) for key in missing], ignore_conflicts=True)
            Version.objects.filter(key__in=missing).update(value=F("value") + 1)
    current().wrote(keys)


class Reader:
    """The versions one request has read: each key is read at most once per request, and the
    first read also fetches the keys the request is expected to need (`always` and `expected`),
    so that a page usually costs a single query."""

    def __init__(self, always=(), expected=()):
        self._always = always
        self._expected = tuple(expected)
        self.values = {}
        self.written = set()

    def get(self, *keys):
        missing = [key for key in keys if key not in self.values]
        if missing:
            wanted = set(missing)
            if not self.values:
                wanted |= set(self._always() if callable(self._always) else self._always)
                wanted |= set(self._expected)
            found = dict(Version.objects.filter(key__in=wanted).values_list("key", "value"))
            for key in wanted:
                self.values.setdefault(key, found.get(key, 0))
        return tuple(self.values[key] for key in keys)

    def wrote(self, keys):
        """This request changed what `keys` key: until its transaction ends nothing built from
        them may be kept, since a rollback would give the next bump the same number."""
        self.written.update(keys)

    def may_keep(self, keys):
        return not self.written.intersection(keys)

    def read_keys(self):
        return tuple(sorted(self.values))


def current():
    """The reader of the request in progress (freshness/middleware.py), or a reader of its own
    outside requests (commands, tasks), which reads afresh every time it is asked."""
    reader = _current.get()
    return reader if reader is not None else Reader()


def start(reader):
    return _current.set(reader)


def stop(token):
    _current.reset(token)


def stamp(*keys):
    """A short text naming the versions of `keys` now, part of the key of what is kept; None
    when this request has changed one of them, so that nothing it builds from them is kept."""
    reader = current()
    if not reader.may_keep(keys):
        return None
    values = reader.get(*keys)
    return ".".join(f"{key}={value}" for key, value in zip(keys, values, strict=True))
