"""``gaugeboard serve`` as a user runs it: a real process on a loopback port."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.live_server import running_server


def test_serve_answers_through_a_production_server(cli_env: dict[str, str], tmp_path: Path) -> None:
    with (
        running_server(cli_env, tmp_path / "serve.log") as base_url,
        urllib.request.urlopen(f"{base_url}/login", timeout=10) as response,
    ):
        assert "gunicorn" in response.headers["Server"] and response.status == 200


def test_serve_with_unwritable_data_dir_stops_with_the_setting_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "gaugeboard", "serve", "--port", "1"],
        env={"GAUGEBOARD_DATA_DIR": str(blocker / "sub"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert (
        result.stderr.startswith("Error: GAUGEBOARD_DATA_DIR: folder")
        and "Traceback" not in result.stderr
    )
