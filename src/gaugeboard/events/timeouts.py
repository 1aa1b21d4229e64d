"""Run DuckDB statements with a time limit: a slow query is interrupted and reported,
never left holding a server thread."""

from __future__ import annotations

import threading
from typing import Any

import duckdb

from gaugeboard.errors import GaugeboardError


class QueryTimeout(GaugeboardError):
    status = 504
    code = "query_timeout"
    default_message = "The query took too long and was stopped; narrow the range or filters."


class QueryRunner:
    """Executes statements on one connection; all of them share one deadline."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, timeout_seconds: float) -> None:
        self.connection = connection
        self.timeout_seconds = timeout_seconds
        self._timer = threading.Timer(timeout_seconds, connection.interrupt)
        self._timer.daemon = True
        self._timer.start()
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
        self._timer.cancel()
