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
from gaugeboard.store.database import Database

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
    """Apply every pending migration in one transaction per revision."""
    config = alembic_config()
    try:
        with database.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Several processes may start at once; one migrates, the others wait and
                # then find nothing to do. (SQLite gets the same from BEGIN IMMEDIATE.)
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigurationError(
            [f"GAUGEBOARD_DATABASE_URL: migrating the database failed ({reason})"]
        ) from None


def is_up_to_date(database: Database) -> bool:
    return current_revision(database) == head_revision()
