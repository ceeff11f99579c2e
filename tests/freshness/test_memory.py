"""The per-process memory is bounded in bytes and drops the least recently used first."""

import pickle

from freshness.memory import BoundedMemoryCache


def memory(max_bytes):
    return BoundedMemoryCache("test", {"OPTIONS": {"MAX_BYTES": max_bytes}})


def test_memory_never_holds_more_bytes_than_its_bound():
    cache = memory(50_000)
    for number in range(200):
        cache.set(f"page-{number}", "x" * 1_000, None)
    assert cache.size_in_bytes <= 50_000
    assert cache.get("page-199") is not None
    assert cache.get("page-0") is None


def test_recently_read_entries_stay_when_others_make_room():
    page = "x" * 1_000
    size = len(pickle.dumps(page, pickle.HIGHEST_PROTOCOL)) + len(":1:a")
    cache = memory(3 * size)
    for key in "abc":
        cache.set(key, page, None)
    cache.get("a")
    cache.set("d", page, None)
    assert cache.get("a") == page and cache.get("b") is None


def test_a_value_larger_than_the_whole_memory_is_not_kept():
    cache = memory(1_000)
    cache.set("huge", "x" * 10_000, None)
    assert cache.get("huge") is None and cache.size_in_bytes == 0


def test_values_are_copies_and_none_can_be_told_from_missing():
    cache = memory(10_000)
    kept = {"count": 1}
    cache.set("state", kept, None)
    cache.get("state")["count"] = 2
    assert cache.get("state") == {"count": 1}
    cache.set("nothing", None, None)
    assert cache.get("nothing", "missing") is None
    assert cache.get("absent", "missing") == "missing"


def test_entries_with_a_timeout_expire():
    cache = memory(10_000)
    cache.set("brief", "value", -1)
    assert cache.get("brief") is None
