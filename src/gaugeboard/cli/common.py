"""What every subcommand shares: clean failures, the app and its catalog session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard.errors import ConfigurationError, GaugeboardError
from gaugeboard.state import EXTENSION_KEY, GaugeboardState

T = TypeVar("T")


def fail_cleanly(action: Callable[[], T]) -> T:
    """Run ``action``; a configuration or input problem becomes one clear line, no traceback."""
    try:
        return action()
    except ConfigurationError as exc:
        raise click.ClickException("\n".join(exc.problems)) from None
    except GaugeboardError as exc:
        raise click.ClickException(exc.message) from None


def build_app(overrides: dict[str, Any] | None = None) -> Flask:
    from gaugeboard.app import create_app

    return fail_cleanly(lambda: create_app(overrides))


def app_state(app: Flask) -> GaugeboardState:
    state = app.extensions[EXTENSION_KEY]
    assert isinstance(state, GaugeboardState)
    return state


@contextmanager
def catalog_session(overrides: dict[str, Any] | None = None) -> Iterator[Session]:
    app = build_app(overrides)
    state = app_state(app)
    try:
        with state.database.sessions() as session:
            yield session
    finally:
        state.database.dispose()
