"""Versions move with the writer's transaction, and what is kept follows them."""

import pytest
from django.db import transaction

from freshness.kept import kept
from freshness.models import Version
from freshness.versions import CONTENT, Reader, bump, current

pytestmark = pytest.mark.django_db


def value(key):
    return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0


def test_a_bump_creates_the_version_then_counts_up():
    bump("consultation:1")
    bump("consultation:1", "people")
    assert value("consultation:1") == 2 and value("people") == 1


def test_a_rolled_back_write_leaves_every_version_as_it_was():
    bump(CONTENT)
    with pytest.raises(RuntimeError), transaction.atomic():
        bump(CONTENT, "consultation:7")
        raise RuntimeError("the write fails")
    assert value(CONTENT) == 1 and value("consultation:7") == 0


def test_one_query_reads_every_version_a_request_needs(django_assert_num_queries):
    reader = Reader(always=[CONTENT], expected=["people"])
    with django_assert_num_queries(1):
        reader.get("consultation:3")
        reader.get(CONTENT, "people", "consultation:3")
    with django_assert_num_queries(1):
        reader.get("reader:9")


def test_what_is_kept_is_built_again_once_its_version_moves():
    built = []

    def build():
        built.append(1)
        return f"page {len(built)}"

    assert kept("page", [CONTENT], build) == "page 1"
    assert kept("page", [CONTENT], build) == "page 1"
    bump(CONTENT)
    assert kept("page", [CONTENT], build) == "page 2"


def test_nothing_built_after_a_write_in_the_same_request_is_kept():
    """A rollback would give the next bump the number this request saw: keeping what it built
    from its own uncommitted write could serve that write after all."""
    from freshness import versions

    token = versions.start(Reader())
    try:
        bump("consultation:5")
        kept("threads", ["consultation:5"], lambda: "uncommitted")
    finally:
        versions.stop(token)
    assert kept("threads", ["consultation:5"], lambda: "fresh") == "fresh"


def test_outside_a_request_versions_are_read_afresh_each_time():
    assert current().get(CONTENT) == (0,)
    bump(CONTENT)
    assert current().get(CONTENT) == (1,)
