from __future__ import annotations

from pathlib import Path

import pytest

from gaugeboard.config import SETTINGS, resolve_settings, settings_markdown
from gaugeboard.errors import ConfigurationError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_defaults_apply_when_nothing_is_set() -> None:
    settings = resolve_settings(environ={})
    assert settings["LOGIN_MAX_ATTEMPTS"] == 10


def test_environment_variable_overrides_default() -> None:
    settings = resolve_settings(environ={"GAUGEBOARD_LOGIN_MAX_ATTEMPTS": "3"})
    assert settings["LOGIN_MAX_ATTEMPTS"] == 3


def test_override_beats_environment() -> None:
    settings = resolve_settings(
        {"LOGIN_MAX_ATTEMPTS": 5}, environ={"GAUGEBOARD_LOGIN_MAX_ATTEMPTS": "3"}
    )
    assert settings["LOGIN_MAX_ATTEMPTS"] == 5


def test_prefixed_override_names_are_accepted() -> None:
    settings = resolve_settings({"GAUGEBOARD_SESSION_HOURS": "2"}, environ={})
    assert settings["SESSION_HOURS"] == 2


def test_invalid_value_names_the_variable_and_reason() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ={"GAUGEBOARD_SESSION_HOURS": "soon"})
    assert caught.value.problems == ["GAUGEBOARD_SESSION_HOURS: must be a whole number"]


def test_every_invalid_value_is_reported_at_once() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(
            environ={"GAUGEBOARD_SESSION_HOURS": "0", "GAUGEBOARD_SESSION_COOKIE_SECURE": "maybe"}
        )
    assert len(caught.value.problems) == 2


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="GAUGEBOARD_NO_SUCH: unknown setting"):
        resolve_settings({"NO_SUCH": 1}, environ={})


def test_secret_key_has_no_fixed_default() -> None:
    assert resolve_settings(environ={})["SECRET_KEY"] == ""


def test_every_setting_has_help_text() -> None:
    assert all(len(setting.help) > 20 for setting in SETTINGS)


def test_configuration_docs_hold_the_current_settings_table() -> None:
    assert settings_markdown() in DOCS.read_text(), (
        "docs/configuration.md is out of date: paste the output of `gaugeboard settings`"
    )
