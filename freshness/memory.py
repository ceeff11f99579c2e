"""A cache backend held in each process's memory and bounded in bytes.

Django's local-memory cache bounds its number of entries, not their size: a thousand 100 KB
pages and a thousand 40-byte ids weigh the same to it. This one keeps pickled values, as
Django's does, counts their bytes and drops the least recently used entries beyond MAX_BYTES.
What it keeps never needs expiring for freshness (keys carry versions, freshness/versions.py):
timeouts only let an entry go sooner.
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class BoundedMemoryCache(BaseCache):
    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, name, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", 32 * 1024 * 1024))
        self._entries = OrderedDict()  # key -> (expiry or None, pickled value)
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def size_in_bytes(self):
        return self._bytes

    def _expiry(self, timeout):
        return self.get_backend_timeout(timeout)  # a time.time(), or None for never

    def _drop(self, key):
        _, pickled = self._entries.pop(key)
        self._bytes -= len(pickled) + len(key)

    def _live(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return None
        expiry, pickled = entry
        if expiry is not None and expiry <= time.time():
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return pickled

    def _store(self, key, value, timeout):
        pickled = pickle.dumps(value, self.pickle_protocol)
        size = len(pickled) + len(key)
        if size > self.max_bytes:
            return False
        if key in self._entries:
            self._drop(key)
        while self._entries and self._bytes + size > self.max_bytes:
            self._drop(next(iter(self._entries)))
        self._entries[key] = (self._expiry(timeout), pickled)
        self._bytes += size
        return True

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            pickled = self._live(key)
        return default if pickled is None else pickle.loads(pickled)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._store(key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._live(key) is not None:
                return False
            return self._store(key, value, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            pickled = self._live(key)
            if pickled is None:
                return False
            self._entries[key] = (self._expiry(timeout), pickled)
            return True

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if key not in self._entries:
                return False
            self._drop(key)
            return True

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            return self._live(key) is not None

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0
