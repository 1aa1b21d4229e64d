"""One DB-API connection per process, kept out of the pool, for the hottest SQLite write.

The ingest leader writes while holding the writing turn that every server process waits
for; a pool check-out and check-in (with its reset) inside that turn cost as much as the
insert. A connection inherited across a fork is never used nor closed by the child (that
could drop locks the parent's connection relies on); the child opens its own.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from sqlalchemy import Engine

# Connections a forked child inherited: kept referenced so they are never closed there.
_INHERITED: list[Any] = []


class HotConnection:
    """Used by one thread at a time (the group commit's leader, under the writing turn)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._connection: Any = None

    def cursor(self) -> Any:
        with self._lock:
            if self._pid != os.getpid():
                if self._connection is not None:
                    _INHERITED.append(self._connection)
                self._connection = self.engine.raw_connection()
                self._connection.detach()  # ours alone: the pool neither counts nor resets it
                self._pid = os.getpid()
            return self._connection.cursor()

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
            self._pid = None
