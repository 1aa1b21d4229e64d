"""Group commit: requests arriving together share one transaction and one fsync.

The first request to arrive becomes the leader: it writes every waiting request's batch in
one transaction, commits, and hands each request its own result (or the error). Requests
that arrive meanwhile wait and are written by the next round. Every request still answers
only after *its* events are committed: durability is unchanged, only fsyncs are shared.

One request's rows never fail another's: when a group's write is refused for its data (a
value the serialiser or the database will not take), nothing of it was committed, and each
member is written again alone, so only the faulty one hears of the error. Event keys are
public, so anyone could otherwise make other sites' events fail.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exc as sa_exc

from gaugeboard.events.ingest import any_insert_ids, plain_groups_statement, store_groups_in
from gaugeboard.events.records import EventRecord
from gaugeboard.store.database import Database

# The database failing as a whole (locked, unreachable, the connection lost, maybe during a
# commit whose outcome is then unknown): every member would fail alike, a retry could store
# a committed group twice, and on a locked SQLite each retry would wait its busy timeout.
DATABASE_FAILURES = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sqlite3.OperationalError,
    sqlite3.InterfaceError,
)


@dataclass
class _Pending:
    key_id: int
    records: Sequence[EventRecord]
    wake: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    leads: bool = False
    stored: int = 0
    error: BaseException | None = None


class GroupCommitter:
    """One per database per process."""

    def __init__(self, database: Database, max_group: int = 64) -> None:
        self.database = database
        self.max_group = max_group
        self._lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._leading = False

    def submit(self, key_id: int, records: Sequence[EventRecord]) -> int:
        """Store the batch durably (possibly with others); return how many were new."""
        pending = _Pending(key_id, records)
        with self._lock:
            self._queue.append(pending)
            if not self._leading:
                self._leading = True
                pending.leads = True
        while not pending.finished:
            if pending.leads:
                self._lead(pending)
            else:
                pending.wake.wait()
                pending.wake.clear()
        if pending.error is not None:
            raise pending.error
        return pending.stored

    def _lead(self, me: _Pending) -> None:
        """Write rounds until this request's own batch is written, then hand leadership to
        the oldest waiting request, so no request leads for others forever."""
        while not me.finished:
            # Take the group only once it is this process's turn to write: requests that
            # arrive while another process commits join this group instead of the next.
            with self.database.writing_turn():
                with self._lock:
                    group = self._queue[: self.max_group]
                    self._queue = self._queue[self.max_group :]
                try:
                    self._write(group)
                except Exception as exc:
                    self._write_alone(group, exc)
                except BaseException as exc:  # every request of the group hears of it
                    for item in group:
                        item.error = exc
            # Woken only once the turn is free: the other processes wait for it.
            for item in group:
                item.finished = True
                item.wake.set()
        with self._lock:
            if self._queue:
                successor = self._queue[0]
                successor.leads = True
                successor.wake.set()
            else:
                self._leading = False

    def _write_alone(self, group: list[_Pending], failure: Exception) -> None:
        """After a refused group write (rolled back whole): write each member in its own
        transaction, so a bad member's error is its own. Costs nothing while writes succeed."""
        if len(group) == 1 or isinstance(failure, DATABASE_FAILURES):
            for item in group:
                item.error = failure
            return
        for item in group:
            try:
                self._write([item])
            except BaseException as exc:
                item.error = exc

    def _write(self, group: list[_Pending]) -> None:
        """Store the group in one transaction; each item learns how many of its were new."""
        batches = [(item.key_id, item.records) for item in group]
        if self.database.dialect == "sqlite" and not any_insert_ids(batches):
            self.database.sqlite_statement(*plain_groups_statement(batches), turn_taken=True)
            counts = [len(records) for _key, records in batches]
        else:
            with self.database.write_connection(turn_taken=True) as connection:
                counts = store_groups_in(connection, batches)
        for item, count in zip(group, counts, strict=True):
            item.stored = count
