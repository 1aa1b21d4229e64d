"""A new SQLite catalog opened by several processes at once: the WAL switch and the first
migration wait for each other instead of failing with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gaugeboard.errors import ConfigurationError
from gaugeboard.store import migrate
from gaugeboard.store.database import Database, check_connection, open_database

MIGRATORS = 4


@pytest.fixture
def held_new_catalog(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A new catalog still in rollback-journal mode, whose write lock another process holds
    (as a worker that is switching it to WAL or migrating it does)."""
    holder = sqlite3.connect(tmp_path / "catalog.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE other (x)")
    yield holder
    holder.close()


def journal_mode(database: Database) -> str:
    with database.engine.connect() as connection:
        return str(connection.exec_driver_sql("PRAGMA journal_mode").scalar())


def test_first_connection_waits_for_another_writer_to_switch_to_wal(
    tmp_path: Path, held_new_catalog: sqlite3.Connection
) -> None:
    threading.Timer(0.3, held_new_catalog.execute, ["COMMIT"]).start()
    database = open_database(f"sqlite:///{tmp_path / 'catalog.db'}", busy_timeout_ms=10_000)
    try:
        check_connection(database)
        assert journal_mode(database) == "wal"
    finally:
        database.dispose()


def test_first_connection_gives_up_after_the_busy_timeout(
    tmp_path: Path, held_new_catalog: sqlite3.Connection
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'catalog.db'}", busy_timeout_ms=300)
    started = time.monotonic()
    with pytest.raises(ConfigurationError, match=r"cannot connect .*\(database is locked\)"):
        check_connection(database)
    database.dispose()
    assert 0.3 <= time.monotonic() - started < 5


def _migrate(url: str, barrier: threading.Barrier, failures: list[str]) -> None:
    database = open_database(url)
    try:
        barrier.wait(timeout=30)
        check_connection(database)
        migrate.upgrade(database)
    except ConfigurationError as exc:
        failures.append(str(exc))
    finally:
        database.dispose()


@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_first_migrations_all_succeed(tmp_path: Path, attempt: int) -> None:
    url = f"sqlite:///{tmp_path / f'catalog{attempt}.db'}"
    barrier = threading.Barrier(MIGRATORS)
    failures: list[str] = []
    threads = [
        threading.Thread(target=_migrate, args=(url, barrier, failures)) for _ in range(MIGRATORS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    database = open_database(url)
    try:
        assert failures == [] and migrate.is_up_to_date(database)
    finally:
        database.dispose()
