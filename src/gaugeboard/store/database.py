"""Engine and session factory for the catalog database (SQLite or PostgreSQL).

SQLite connections get WAL journaling, foreign keys and a busy timeout on every connect,
so several server processes can share one file safely.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from gaugeboard.errors import ConfigurationError, Conflict
from gaugeboard.store import catalog_schema  # noqa: F401  (every table known to the metadata)
from gaugeboard.store.hot_connection import HotConnection
from gaugeboard.store.writer_lock import WriterLock, writer_lock_for


@dataclass(frozen=True)
class Database:
    """An engine and the session factory bound to it."""

    engine: Engine
    sessions: sessionmaker[Session]
    writer_lock: WriterLock | None = None
    hot_connection: HotConnection | None = None

    def writing_turn(self) -> AbstractContextManager[Any]:
        """The hot writers' turn. On a SQLite file the processes' ingest writers queue on a
        file lock, which wakes the next one the moment it is released, instead of SQLite's
        busy handler, which sleeps 1, 2, 5, 10… ms between tries. Elsewhere: no wait."""
        return self.writer_lock or nullcontext()

    @contextmanager
    def write_connection(self, turn_taken: bool = False) -> Iterator[Connection]:
        """A Core connection in a write transaction (IMMEDIATE on SQLite), committed on exit:
        the hot ingest path needs no ORM session. Waits for the writing turn unless the
        caller holds it."""
        turn = nullcontext() if turn_taken else self.writing_turn()
        with turn, self.engine.connect() as connection:
            writing = connection.execution_options(**{WRITE_OPTION: True})
            with writing.begin():
                yield writing

    def sqlite_statement(self, sql: str, params: Sequence[Any], turn_taken: bool = False) -> None:
        """Run one SQLite statement as its own transaction (the connection is in autocommit
        mode), durable when this returns. For the hottest writes only: one call into SQLite,
        so the writing turn is not held while this thread waits to get the GIL back between
        BEGIN, INSERT and COMMIT (which made the turn last four times the write)."""
        if self.hot_connection is None:  # an in-memory database: its pool's one connection
            with self.engine.raw_connection() as raw:
                raw.cursor().execute(sql, params)
            return
        cursor = self.hot_connection.cursor()
        with nullcontext() if turn_taken else self.writing_turn():
            cursor.execute(sql, params)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        if self.hot_connection is not None:
            self.hot_connection.close()
        self.engine.dispose()


_WAL_RETRY_SECONDS = 0.01


def _switch_to_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Turn WAL on, waiting out other processes within the busy timeout.

    The switch needs the write lock of a database still in rollback mode, and SQLite does
    not wait for it when another connection holds the reserved lock: it answers "database
    is locked" at once. That is the moment several workers start on a new catalog."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # and its extended codes
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_RETRY_SECONDS)


def _enable_sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself so transactions behave the same as on PostgreSQL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _switch_to_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return on_connect


def _create_private_file(path: str) -> Any:
    """Create a missing database file 0600 before SQLite opens it: SQLite would make it
    0644 under the usual umask, and the catalog holds password hashes and token digests.
    Its -wal, -shm and -journal files copy the database file's mode."""

    def do_connect(_dialect: Any, _record: Any, _args: Any, _kwargs: Any) -> None:
        # An existing file keeps its mode; a missing folder is left to SQLite to report.
        with suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))

    return do_connect


WRITE_OPTION = "gaugeboard_write"


def _begin_sqlite(connection: Any) -> None:
    # Reads begin DEFERRED so they never block anyone. A transaction that will write is
    # begun IMMEDIATE (see begin_write): it takes the write lock up front and waits on the
    # busy timeout, instead of failing later with "database is locked" on lock upgrade.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def flush_or_conflict(db: Session, message: str) -> None:
    """Flush; a unique constraint hit by a concurrent writer becomes a 409, not a 500."""
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(message) from None


def begin_write(db: Session) -> None:
    """Start the session's next work as a write transaction (call before read-modify-write).

    On SQLite this ends any read transaction and begins one holding the write lock (a
    transaction that already holds it goes on, so a batch of saves stays all or nothing); on
    PostgreSQL it changes nothing (row locks and constraints do the work there).
    """
    if db.get_bind().dialect.name != "sqlite":
        return
    if db.in_transaction():
        if db.connection().get_execution_options().get(WRITE_OPTION, False):
            return  # already writing: several saves share one transaction
        db.commit()
    db.connection(execution_options={WRITE_OPTION: True})


def lock_name(db: Session, name: str) -> None:
    """Serialise the writers of one ``name`` (a dashboard path) until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock on the name's hash; SQLite needs
    nothing more than the write lock ``begin_write`` already took. Used where no single
    row or constraint can (one path shared by two tables)."""
    if db.get_bind().dialect.name != "postgresql":
        return
    db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


def open_database(url: str, busy_timeout_ms: int = 10_000) -> Database:
    """Create the engine for ``url``; raise ConfigurationError naming the setting on a bad URL."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError([f"GAUGEBOARD_DATABASE_URL: cannot parse URL ({exc})"]) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            # Pooled: closing the last connection to a WAL database checkpoints it, which
            # cost more than the write itself when every session opened a new connection.
            engine = create_engine(
                parsed,
                pool_size=8,
                max_overflow=32,
                connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            )
            event.listen(engine, "connect", _enable_sqlite_pragmas(busy_timeout_ms))
            event.listen(engine, "begin", _begin_sqlite)
            lock = writer_lock_for(parsed.database)
            if lock is not None:  # a database file (not in memory)
                event.listen(engine, "do_connect", _create_private_file(str(parsed.database)))
            hot = HotConnection(engine) if lock is not None else None
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
            lock, hot = None, None
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigurationError(
            [
                f"GAUGEBOARD_DATABASE_URL: no driver for {parsed.drivername!r} ({exc}); "
                "for PostgreSQL install gaugeboard[postgres] and use postgresql+psycopg://"
            ]
        ) from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, sessions=sessions, writer_lock=lock, hot_connection=hot)


def check_connection(database: Database) -> None:
    """Open one connection; raise ConfigurationError naming the setting when it fails."""
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigurationError(
            [f"GAUGEBOARD_DATABASE_URL: cannot connect to the database ({reason})"]
        ) from None
