from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from gaugeboard.app import create_app
from gaugeboard.data_dir import SECRET_KEY_FILE
from gaugeboard.errors import ConfigurationError
from tests.conftest import state


def test_secret_key_is_generated_and_kept(settings_overrides: dict[str, Any]) -> None:
    first = state(create_app(settings_overrides)).secret_key
    second = state(create_app(settings_overrides)).secret_key
    assert first == second and len(first) >= 32


def test_generated_secret_key_file_is_private(settings_overrides: dict[str, Any], data_dir: Path) -> None:
    create_app(settings_overrides)
    assert stat.S_IMODE((data_dir / SECRET_KEY_FILE).stat().st_mode) == 0o600


def test_generated_secret_keys_differ_between_instances(
    settings_overrides: dict[str, Any], tmp_path: Path
) -> None:
    first = state(create_app(settings_overrides)).secret_key
    other = {**settings_overrides, "DATA_DIR": str(tmp_path / "other")}
    assert state(create_app(other)).secret_key != first


def test_configured_secret_key_is_used_and_no_file_is_written(
    settings_overrides: dict[str, Any], data_dir: Path
) -> None:
    app = create_app({**settings_overrides, "SECRET_KEY": "k" * 40})
    assert state(app).secret_key == "k" * 40 and not (data_dir / SECRET_KEY_FILE).exists()


def test_unwritable_data_dir_names_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match="^GAUGEBOARD_DATA_DIR: folder .* is not writable"):
        create_app({"DATA_DIR": str(blocker / "data")})


def test_default_database_is_sqlite_in_the_data_dir(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": str(data_dir)})
    assert state(app).database.engine.url.database == str(data_dir.resolve() / "gaugeboard.db")
