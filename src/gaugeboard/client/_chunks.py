"""Large writes cut into requests: at most ``chunk_size`` rows each, and small enough for the
server's body limit (GAUGEBOARD_MAX_REQUEST_BYTES, 10 MB by default), whichever comes first.

Each request is a write of its own on the server (all or nothing, one version), so a
failure part-way leaves the earlier chunks written; the error raised says how many rows
they held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gaugeboard.client._frames import is_frame, records

CHUNK_ROWS = 50_000
CHUNK_BYTES = 8 * 1024 * 1024


def row_count(data: Any) -> int:
    return len(data.index) if is_frame(data) else len(data)


def _slices(data: Any, size: int) -> Iterator[Any]:
    total = row_count(data)
    for start in range(0, total, size):
        yield data.iloc[start : start + size] if is_frame(data) else data[start : start + size]


def _encoded(row: Mapping[str, Any]) -> bytes:
    try:
        text = json.dumps(row, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except ValueError as exc:
        raise ValueError(f"a row cannot be sent as JSON: {exc}") from None
    return text.encode()


def bodies(
    data: Any,
    head: Mapping[str, Any],
    drop: Sequence[str] = (),
    chunk_size: int = CHUNK_ROWS,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[tuple[bytes, int]]:
    """JSON bodies ``{…head, "rows": [...]}`` holding every row of ``data`` (a DataFrame or
    a list of dicts) in order, each with the number of rows it holds."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    fields = json.dumps(dict(head), separators=(",", ":"))[1:-1]
    opening = ("{" + (fields + "," if fields else "") + '"rows":[').encode()
    for piece in _slices(data, chunk_size):
        held: list[bytes] = []
        size = len(opening) + 2
        for row in records(piece, drop):
            encoded = _encoded(row)
            if held and size + len(encoded) + 1 > chunk_bytes:
                yield opening + b",".join(held) + b"]}", len(held)
                held, size = [], len(opening) + 2
            held.append(encoded)
            size += len(encoded) + 1
        if held:
            yield opening + b",".join(held) + b"]}", len(held)


def totals(answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The figures of several write answers added up (the last version and row count)."""
    last = answers[-1] if answers else {}
    return {
        "ok": True,
        "version": last.get("version"),
        "rows_added": sum(int(answer.get("rows_added", 0)) for answer in answers),
        "rows_updated": sum(int(answer.get("rows_updated", 0)) for answer in answers),
        "rows_deleted": sum(int(answer.get("rows_deleted", 0)) for answer in answers),
        "row_count": last.get("row_count"),
        "requests": len(answers),
    }
