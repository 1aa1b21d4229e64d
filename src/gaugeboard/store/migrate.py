"""Bring the catalog schema to the newest Alembic revision (``gaugeboard db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from gaugeboard.errors import ConfigurationError
from gaugeboard.store.database import WRITE_OPTION, Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6761756765  # "gauge"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every pending migration; safe when several processes start on one catalog.

    One process migrates while the others wait, then find nothing to do: on PostgreSQL an
    advisory lock orders them; on a SQLite file the writers' file lock beside the database
    does (a kernel queue, with no timeout to outrun however long the migration takes), and
    the transaction is begun IMMEDIATE so it never has to upgrade a read lock (which SQLite
    refuses at once with "database is locked" when another process wrote meanwhile).
    """
    config = alembic_config()
    try:
        with database.writing_turn(), database.engine.connect() as connection:
            writing = connection.execution_options(**{WRITE_OPTION: True})
            with writing.begin():
                if writing.dialect.name == "postgresql":
                    writing.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                config.attributes["connection"] = writing
                command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigurationError(
            [f"GAUGEBOARD_DATABASE_URL: migrating the database failed ({reason})"]
        ) from None


def is_up_to_date(database: Database) -> bool:
    return current_revision(database) == head_revision()
