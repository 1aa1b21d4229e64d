"""In-memory request counts of one process, keyed by route, method, minute and status.

Recording a request is a dictionary update under a lock; ``drain`` hands the counts to the
flusher and starts afresh, and ``restore`` puts them back when the database was down.
"""

from __future__ import annotations

import threading

from gaugeboard.monitor.histogram import BUCKETS, bucket_of

MINUTE = 60
HOUR = 3600
DAY = 86400

# count, bytes, duration_ms, then one slot per histogram bucket
COUNT, BYTES, DURATION = 0, 1, 2
FIRST_BUCKET = 3
SLOTS = FIRST_BUCKET + BUCKETS


# (rule, method, minute, status): a plain tuple, the cheapest hashable key per request
CounterKey = tuple[str, str, int, int]
Counts = dict[CounterKey, list[float]]


class RequestCounters:
    """Thread-safe per-minute counts waiting to be flushed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counts = {}

    def record(
        self, rule: str, method: str, status: int, duration_ms: float, size: int, at: float
    ) -> None:
        key = (rule, method, int(at) // MINUTE * MINUTE, status)
        with self._lock:
            slots = self._counts.get(key)
            if slots is None:
                slots = self._counts[key] = [0.0] * SLOTS
            slots[COUNT] += 1
            slots[BYTES] += size
            slots[DURATION] += duration_ms
            slots[FIRST_BUCKET + bucket_of(duration_ms)] += 1

    def drain(self) -> Counts:
        with self._lock:
            counts, self._counts = self._counts, {}
        return counts

    def restore(self, counts: Counts) -> None:
        """Add counts back (a flush failed), so nothing recorded is lost."""
        with self._lock:
            for key, slots in counts.items():
                mine = self._counts.get(key)
                if mine is None:
                    self._counts[key] = slots
                else:
                    for index, value in enumerate(slots):
                        mine[index] += value

    def __len__(self) -> int:
        with self._lock:
            return len(self._counts)
