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
import weakref
from types import TracebackType

_LIVE: weakref.WeakSet[WriterLock] = weakref.WeakSet()


class WriterLock:
    """Held around one write transaction; re-entrant use is not supported."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None
        _LIVE.add(self)

    def _after_fork_in_child(self) -> None:
        """A fresh start in a forked child: another thread of the parent may have held the
        thread lock at the fork (the child would wait for it forever), and the inherited
        descriptor shares the parent's lock (``flock`` on it would not exclude the
        parent). Closing the child's copy leaves the parent's lock alone."""
        self._thread_lock = threading.Lock()
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None
        self._pid = None

    def _descriptor(self) -> int | None:
        """This process's lock file, or None when it cannot be opened (then SQLite's own
        locking alone orders the writers, only slower)."""
        # A forked worker must not share its parent's open file description: flock locks
        # belong to it, so both processes would hold "the" lock at once.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                self._fd = None
        return self._fd

    def __enter__(self) -> WriterLock:
        self._thread_lock.acquire()
        try:
            descriptor = self._descriptor()
            if descriptor is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
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
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()


def writer_lock_for(database_path: str | None) -> WriterLock | None:
    """The lock of a SQLite file database; none for in-memory databases."""
    if not database_path or database_path == ":memory:" or database_path.startswith("file:"):
        return None
    return WriterLock(database_path + "-writer.lock")


def _reset_after_fork() -> None:
    for lock in list(_LIVE):
        lock._after_fork_in_child()


os.register_at_fork(after_in_child=_reset_after_fork)
