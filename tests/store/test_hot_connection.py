"""The per-process connection of the hottest SQLite write: its own, reopened after a fork."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from gaugeboard.store.database import Database, open_database


def _write_in_child(database: Database) -> None:
    """Runs in a forked child holding a copy of the parent's Database (and its connection)."""
    database.sqlite_statement("INSERT INTO t (v) VALUES (?)", ["child"])


def test_a_statement_is_committed_when_it_returns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    database = open_database(url)
    database.sqlite_statement("CREATE TABLE t (v TEXT)", [])
    database.sqlite_statement("INSERT INTO t (v) VALUES (?)", ["kept"])
    other = open_database(url)
    with other.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT v FROM t").scalars().all() == ["kept"]
    database.dispose()
    other.dispose()


def test_a_forked_child_writes_through_a_connection_of_its_own(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    database = open_database(url)
    database.sqlite_statement("CREATE TABLE t (v TEXT)", [])
    database.sqlite_statement("INSERT INTO t (v) VALUES (?)", ["parent"])
    child = multiprocessing.get_context("fork").Process(target=_write_in_child, args=(database,))
    child.start()
    child.join(timeout=30)
    database.sqlite_statement("INSERT INTO t (v) VALUES (?)", ["parent again"])
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT v FROM t ORDER BY rowid").scalars().all()
    database.dispose()
    assert (child.exitcode, rows) == (0, ["parent", "child", "parent again"])
