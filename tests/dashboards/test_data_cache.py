"""The source cache: fresh hits, stale-while-revalidate, expiry, failures, eviction."""

from __future__ import annotations

import pytest

from gaugeboard.dashboards.data_cache import SourceCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_fresh_entry_is_a_hit() -> None:
    cache = SourceCache(clock=Clock())
    cache.fetch(b"k", 10, 10, lambda: "first")
    assert cache.fetch(b"k", 10, 10, lambda: "second") == ("first", "hit")


def test_expired_entry_is_refreshed_by_the_first_caller() -> None:
    clock = Clock()
    cache = SourceCache(clock=clock)
    cache.fetch(b"k", 10, 10, lambda: "first")
    clock.now = 15
    assert cache.fetch(b"k", 10, 10, lambda: "second") == ("second", "refreshed")


def test_stale_copy_is_served_while_another_caller_refreshes() -> None:
    clock = Clock()
    cache = SourceCache(clock=clock)
    cache.fetch(b"k", 10, 10, lambda: "first")
    clock.now = 15
    answers = []

    def slow_refresh() -> str:
        answers.append(cache.fetch(b"k", 10, 10, lambda: "never"))
        return "second"

    cache.fetch(b"k", 10, 10, slow_refresh)
    assert answers == [("first", "stale")]


def test_entry_past_its_stale_window_is_fetched_again() -> None:
    clock = Clock()
    cache = SourceCache(clock=clock)
    cache.fetch(b"k", 10, 10, lambda: "first")
    clock.now = 25
    assert cache.fetch(b"k", 10, 10, lambda: "second") == ("second", "miss")


def test_failed_refresh_keeps_the_stale_copy() -> None:
    clock = Clock()
    cache = SourceCache(clock=clock)
    cache.fetch(b"k", 10, 10, lambda: "first")
    clock.now = 15

    def broken() -> str:
        raise RuntimeError("down")

    assert cache.fetch(b"k", 10, 10, broken) == ("first", "stale")


def test_failed_first_fetch_is_not_cached() -> None:
    cache = SourceCache(clock=Clock())

    def broken() -> str:
        raise RuntimeError("down")

    with pytest.raises(RuntimeError):
        cache.fetch(b"k", 10, 10, broken)
    assert cache.fetch(b"k", 10, 10, lambda: "later") == ("later", "miss")


def test_oldest_entries_are_evicted() -> None:
    cache = SourceCache(max_entries=2, clock=Clock())
    for key in (b"a", b"b", b"c"):
        cache.fetch(key, 10, 10, lambda: "v")
    assert cache.fetch(b"a", 10, 10, lambda: "new") == ("new", "miss")


def test_zero_ttl_always_fetches() -> None:
    cache = SourceCache(clock=Clock())
    cache.fetch(b"k", 0, 10, lambda: "first")
    assert cache.fetch(b"k", 0, 10, lambda: "second") == ("second", "miss")
