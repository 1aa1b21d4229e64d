"""A bounded memory of what the renderer already drew, by a digest of everything the
drawing depends on: a chart's SVG (Vega is the slowest step of a snapshot, and most
snapshots redraw charts whose data did not change) and a composed dashboard's encoded
image. Least recently used entries go first, when either the entry count or the byte
total passes its bound; each entry stands for its own inputs, so nothing goes stale."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import orjson


def digest(*parts: object) -> bytes:
    """A key for ``parts`` (JSON-like values): equal inputs, equal keys; dict key order
    does not matter."""
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS, default=str)).digest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


@dataclass
class DrawnCache:
    """Drawn SVG text or image bytes by key, at most ``max_entries`` of them and
    ``max_bytes`` in all (an item larger than a quarter of that is never kept)."""

    max_entries: int
    max_bytes: int
    stats: CacheStats = field(default_factory=CacheStats)
    _entries: OrderedDict[bytes, str | bytes] = field(default_factory=OrderedDict)
    _bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: bytes) -> str | bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.stats.misses += 1
                return None
            self._entries.move_to_end(key)
            self.stats.hits += 1
            return found

    def put(self, key: bytes, value: str | bytes) -> None:
        size = len(value)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._entries[key] = value
            self._bytes += size
            while self._entries and (
                len(self._entries) > self.max_entries or self._bytes > self.max_bytes
            ):
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def size(self) -> tuple[int, int]:
        """How many entries are kept, and their bytes (characters for SVG text)."""
        with self._lock:
            return len(self._entries), self._bytes
