from __future__ import annotations

from collections.abc import Callable

from click.testing import Result
from flask.testing import FlaskClient

from gaugeboard import __version__

Runner = Callable[..., Result]


def test_version_is_printed(runner: Runner) -> None:
    assert runner("--version").output.strip() == f"gaugeboard, version {__version__}"


def test_db_upgrade_reports_the_revision(runner: Runner) -> None:
    assert runner("db", "upgrade").output.startswith("catalog at revision ")


def test_users_create_makes_a_user_who_can_log_in(runner: Runner, client: FlaskClient) -> None:
    runner("users", "create", "carol", "--password", "long-password", "--role", "editor")
    response = client.post("/login", json={"username": "carol", "password": "long-password"})
    assert response.get_json()["user"]["role"] == "editor"


def test_users_create_reports_bad_input_without_traceback(runner: Runner) -> None:
    result = runner("users", "create", "bad name", "--password", "short", "--role", "admin")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "name: must be" in result.output and "password: must be" in result.output


def test_tokens_create_prints_a_working_token_last(runner: Runner, client: FlaskClient) -> None:
    runner("users", "create", "dave", "--password", "long-password", "--role", "viewer")
    secret = runner("tokens", "create", "dave", "--label", "ci").output.strip().splitlines()[-1]
    response = client.get("/api/user/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.get_json()["user"]["name"] == "dave"


def test_tokens_create_for_unknown_user_fails_clearly(runner: Runner) -> None:
    result = runner("tokens", "create", "nobody")
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output


def test_keys_create_prints_the_key_last(runner: Runner) -> None:
    assert runner("keys", "create", "website").output.strip().splitlines()[-1].startswith("gbk_")


def test_keys_create_twice_is_refused(runner: Runner) -> None:
    runner("keys", "create", "website")
    result = runner("keys", "create", "website")
    assert result.exit_code == 1 and "already exists" in result.output


def test_settings_prints_the_reference_table(runner: Runner) -> None:
    assert "GAUGEBOARD_DATABASE_URL" in runner("settings").output


def test_invalid_setting_stops_with_one_clear_line(runner: Runner, cli_env: dict[str, str]) -> None:
    cli_env["GAUGEBOARD_SESSION_HOURS"] = "forever"
    result = runner("db", "upgrade")
    assert (result.exit_code, result.output.strip()) == (
        1,
        "Error: GAUGEBOARD_SESSION_HOURS: must be a whole number",
    )


def test_unreachable_database_names_the_setting(runner: Runner, cli_env: dict[str, str]) -> None:
    cli_env["GAUGEBOARD_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = runner("serve", "--port", "1")
    assert result.exit_code == 1 and result.output.startswith(
        "Error: GAUGEBOARD_DATABASE_URL: cannot connect to the database"
    )
