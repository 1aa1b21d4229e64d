from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from gaugeboard.store import migrate
from gaugeboard.store.base import Base
from gaugeboard.store.database import open_database


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    database = open_database(database_url)
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    database.dispose()
    assert differences == []


def test_catalog_is_at_the_newest_revision(database_url: str) -> None:
    database = open_database(database_url)
    assert migrate.is_up_to_date(database)
    database.dispose()


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    database = open_database(database_url)
    migrate.upgrade(database)
    assert migrate.current_revision(database) == migrate.head_revision()
    database.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=1234)
    with database.engine.connect() as connection:
        pragmas = [
            connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    database.dispose()
    assert pragmas == ["wal", 1, 1234]


def test_sqlite_event_tail_ids_are_never_reused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        ddl = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'event_batches'")
        ).scalar()
    database.dispose()
    assert "AUTOINCREMENT" in str(ddl)
