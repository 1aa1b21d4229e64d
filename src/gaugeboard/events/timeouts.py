"""Run DuckDB statements with a time limit: a slow query is interrupted and reported,
never left holding a server thread."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import duckdb

from gaugeboard.errors import GaugeboardError


class QueryTimeout(GaugeboardError):
    status = 504
    code = "query_timeout"
    default_message = "The query took too long and was stopped; narrow the range or filters."


class _Watchdog:
    """One thread per process that interrupts queries past their deadline. Starting a
    ``threading.Timer`` per query cost 2–6 ms (the new thread must be scheduled before
    ``start`` returns), more than a small query itself; the thread starts on first use."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._actions: dict[int, Callable[[], None]] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, action: Callable[[], None]) -> int:
        with self._cond:
            ticket = next(self._ids)
            self._actions[ticket] = action
            entry = (time.monotonic() + seconds, ticket)
            heapq.heappush(self._heap, entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="gaugeboard-query-watchdog", daemon=True
                )
                self._thread.start()
            elif self._heap[0] is entry:
                self._cond.notify()  # only an earlier deadline needs the thread woken
            return ticket

    def disarm(self, ticket: int) -> None:
        with self._cond:
            self._actions.pop(ticket, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] not in self._actions:
                    heapq.heappop(self._heap)  # disarmed
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, ticket = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                action = self._actions.pop(ticket)
            with contextlib.suppress(duckdb.Error):  # the query ended and closed meanwhile
                action()


_watchdog = _Watchdog()


class QueryRunner:
    """Executes statements on one connection; all of them share one deadline."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, timeout_seconds: float) -> None:
        self.connection = connection
        self.timeout_seconds = timeout_seconds
        self._ticket = _watchdog.arm(timeout_seconds, connection.interrupt)
        self.statements = 0

    def fetch(self, sql: str, params: list[Any] | None = None) -> list[Any]:
        self.statements += 1
        try:
            return self.connection.execute(sql, params or []).fetchall()
        except duckdb.InterruptException:
            raise QueryTimeout(
                f"query: stopped after {self.timeout_seconds:g} s; narrow the range or filters"
            ) from None

    def close(self) -> None:
        _watchdog.disarm(self._ticket)
