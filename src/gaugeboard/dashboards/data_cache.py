"""A per-process cache of widget source payloads with a TTL and stale-while-revalidate.

Fresh entries are served as they are. Once an entry expires it may still be served for
a while, but the first request to notice fetches fresh data while the others get the
stale copy, so a slow source never stalls every viewer and is never fetched by all of
them at once. Failed fetches are not cached; a failure during revalidation keeps the
stale copy.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Entry:
    payload: Any
    fresh_until: float
    stale_until: float
    refreshing: bool = False


@dataclass
class CacheStats:
    hits: int = 0
    stale: int = 0
    misses: int = 0
    loads: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "stale": self.stale, "misses": self.misses, "loads": self.loads}


@dataclass
class SourceCache:
    max_entries: int = 2000
    clock: Callable[[], float] = time.monotonic
    stats: CacheStats = field(default_factory=CacheStats)
    _entries: OrderedDict[bytes, _Entry] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(
        self, identity: bytes, ttl: float, stale: float, load: Callable[[], Any]
    ) -> tuple[Any, str]:
        """The payload for ``identity`` and how it was served: hit, stale, refreshed or miss."""
        if ttl <= 0:
            return self._load(load), "miss"
        now = self.clock()
        with self._lock:
            entry = self._entries.get(identity)
            if entry is not None:
                self._entries.move_to_end(identity)
                if now < entry.fresh_until:
                    self.stats.hits += 1
                    return entry.payload, "hit"
                if now < entry.stale_until and entry.refreshing:
                    self.stats.stale += 1
                    return entry.payload, "stale"
                if now < entry.stale_until:
                    entry.refreshing = True
                else:
                    entry = None
            self.stats.misses += 1
        return self._refresh(identity, entry, ttl, stale, load)

    def _refresh(
        self,
        identity: bytes,
        entry: _Entry | None,
        ttl: float,
        stale: float,
        load: Callable[[], Any],
    ) -> tuple[Any, str]:
        try:
            payload = self._load(load)
        except Exception:
            if entry is None:
                raise
            with self._lock:
                entry.refreshing = False
                self.stats.stale += 1
            return entry.payload, "stale"
        now = self.clock()
        with self._lock:
            self._entries[identity] = _Entry(payload, now + ttl, now + ttl + stale)
            self._entries.move_to_end(identity)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return payload, "refreshed" if entry is not None else "miss"

    def _load(self, load: Callable[[], Any]) -> Any:
        with self._lock:
            self.stats.loads += 1
        return load()

    def clear(self) -> int:
        """Forget everything; the number of entries dropped."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count
