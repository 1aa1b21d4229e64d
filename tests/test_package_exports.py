"""The Flask extension convention: ``from gaugeboard import Gaugeboard`` (and ``create_app``
and the client), with ``import gaugeboard`` still cheap and free of side effects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import gaugeboard
import gaugeboard.app
import gaugeboard.client
import gaugeboard.extension


def test_gaugeboard_extension_is_exported_at_the_top() -> None:
    from gaugeboard import Gaugeboard

    assert Gaugeboard is gaugeboard.extension.Gaugeboard


def test_create_app_is_exported_at_the_top() -> None:
    from gaugeboard import create_app

    assert create_app is gaugeboard.app.create_app


def test_client_is_exported_at_the_top() -> None:
    from gaugeboard import Client, ClientError

    assert (Client, ClientError) == (gaugeboard.client.Client, gaugeboard.client.ClientError)


def test_every_name_in_all_is_importable() -> None:
    assert all(getattr(gaugeboard, name) is not None for name in gaugeboard.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        gaugeboard.Nope  # noqa: B018


def loaded_after(statement: str) -> dict[str, object]:
    """Modules and threads of a fresh interpreter after running ``statement``."""
    probe = (
        f"import sys, threading\n{statement}\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'threads': threading.active_count()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_importing_the_package_loads_no_server_and_starts_nothing() -> None:
    loaded = loaded_after("import gaugeboard")
    heavy = {"flask", "sqlalchemy", "duckdb", "pyarrow", "gaugeboard.extension"}
    assert heavy.isdisjoint(loaded["modules"]) and loaded["threads"] == 1  # type: ignore[arg-type]


def test_importing_the_client_pulls_in_neither_flask_nor_sqlalchemy() -> None:
    loaded = loaded_after("from gaugeboard import Client")
    assert {"flask", "sqlalchemy"}.isdisjoint(loaded["modules"])  # type: ignore[arg-type]


def test_package_ships_its_type_marker() -> None:
    """``py.typed`` tells mypy and pyright that the package's annotations are meant to be used."""
    marker = Path(gaugeboard.__file__).with_name("py.typed")
    assert marker.is_file()
