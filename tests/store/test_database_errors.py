from __future__ import annotations

import pytest

from gaugeboard.errors import ConfigurationError
from gaugeboard.store.database import check_connection, open_database


def test_unparseable_url_names_the_setting() -> None:
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATABASE_URL: cannot parse URL"):
        open_database("not a url at all")


def test_unknown_driver_names_the_setting() -> None:
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATABASE_URL: no driver"):
        open_database("nosuchdb://localhost/x")


def test_unreachable_server_names_the_setting() -> None:
    database = open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATABASE_URL: cannot connect"):
        check_connection(database)


def test_sqlite_file_that_cannot_be_opened_names_the_setting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path}/no/such/folder/x.db")
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATABASE_URL: cannot connect"):
        check_connection(database)
    database.dispose()
