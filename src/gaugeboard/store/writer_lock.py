"""A cross-process queue for the hot SQLite writers: a thread lock plus ``flock``.

``flock`` waiters are woken by the kernel as soon as the holder lets go; SQLite's own busy
handler polls with growing sleeps, so under steady contention between server processes a
writer lost milliseconds per commit. The lock file sits beside the database; the lock is
advisory and only orders gaugeboard's own ingest writers (SQLite still does the locking
that keeps the data safe).
"""

from __future__ import annotations

import fcntl
import os
import threading
from types import TracebackType


class WriterLock:
    """Held around one write transaction; re-entrant use is not supported."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def _descriptor(self) -> int:
        # A forked worker must not share its parent's open file description: flock locks
        # belong to it, so both processes would hold "the" lock at once.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    def __enter__(self) -> WriterLock:
        self._thread_lock.acquire()
        try:
            fcntl.flock(self._descriptor(), fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            fcntl.flock(self._descriptor(), fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()


def writer_lock_for(database_path: str | None) -> WriterLock | None:
    """The lock of a SQLite file database; none for in-memory databases."""
    if not database_path or database_path == ":memory:" or database_path.startswith("file:"):
        return None
    return WriterLock(database_path + "-writer.lock")
