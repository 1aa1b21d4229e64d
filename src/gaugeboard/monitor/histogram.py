"""The fixed latency histogram of the rollups: additive, so rows from many processes add up.

Bucket ``i`` counts durations up to ``BOUNDS_MS[i]`` milliseconds; the last bucket is
everything slower. Percentiles are read back by linear interpolation inside a bucket.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from gaugeboard.store.status_rollups import HISTOGRAM_COLUMNS

BOUNDS_MS: tuple[float, ...] = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
BUCKETS = len(BOUNDS_MS) + 1
COLUMNS = HISTOGRAM_COLUMNS
assert len(COLUMNS) == BUCKETS, "the rollup table has one column per bucket"


def bucket_of(duration_ms: float) -> int:
    return bisect_left(BOUNDS_MS, duration_ms)


def percentile(counts: Sequence[int], fraction: float) -> float | None:
    """The duration (ms) below which ``fraction`` of the requests fall; None when empty."""
    total = sum(counts)
    if total == 0:
        return None
    rank = fraction * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = BOUNDS_MS[index - 1] if index > 0 else 0.0
            high = BOUNDS_MS[index] if index < len(BOUNDS_MS) else BOUNDS_MS[-1] * 2
            return low + (high - low) * max(rank - seen, 0) / count
        seen += count
    return BOUNDS_MS[-1] * 2
