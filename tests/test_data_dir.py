from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from gaugeboard.app import create_app
from gaugeboard.data_dir import SECRET_KEY_FILE
from gaugeboard.errors import ConfigurationError
from tests.conftest import state

AppFactory = Callable[..., Flask]


def test_secret_key_is_generated_and_kept(app_factory: AppFactory) -> None:
    first = state(app_factory()).secret_key
    second = state(app_factory()).secret_key
    assert first == second and len(first) >= 32


def test_generated_secret_key_file_is_private(app_factory: AppFactory, data_dir: Path) -> None:
    app_factory()
    assert stat.S_IMODE((data_dir / SECRET_KEY_FILE).stat().st_mode) == 0o600


def test_generated_secret_keys_differ_between_instances(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    first = state(app_factory()).secret_key
    assert state(app_factory(DATA_DIR=str(tmp_path / "other"))).secret_key != first


def test_configured_secret_key_is_used_and_no_file_is_written(
    app_factory: AppFactory, data_dir: Path
) -> None:
    app = app_factory(SECRET_KEY="k" * 40)
    assert state(app).secret_key == "k" * 40 and not (data_dir / SECRET_KEY_FILE).exists()


def test_unwritable_data_dir_names_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATA_DIR: folder .* is not writable"):
        create_app({"DATA_DIR": str(blocker / "data")})


def test_default_database_is_sqlite_in_the_data_dir(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": str(data_dir)})
    database = state(app).database
    database.dispose()
    assert database.engine.url.database == str(data_dir.resolve() / "gaugeboard.db")


def test_old_schema_without_auto_upgrade_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigurationError, match="schema is out of date; run `gaugeboard db upgrade`"
    ):
        create_app({"DATA_DIR": str(tmp_path / "fresh"), "AUTO_UPGRADE": False})
