"""The client against the real app, in-process through httpx's WSGI transport, with
``Recorder`` (wsgi.py) in between to count the calls and fail some on purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from flask import Flask

from gaugeboard.client import Data, Session, SessionManager
from tests.client.wsgi import Recorder

BASE = "http://gaugeboard.test"


@pytest.fixture(autouse=True)
def no_default_session() -> Iterator[None]:
    """Each test starts and ends without a process-wide default session."""
    SessionManager.close()
    yield
    SessionManager.close()


@pytest.fixture
def wsgi(app: Flask) -> Recorder:
    return Recorder(app)


@pytest.fixture
def open_session(wsgi: Recorder) -> Iterator[Callable[..., Session]]:
    """Open sessions on the app (``backoff=0``: retries do not pause); closed at the end."""
    opened: list[Session] = []

    def open_one(**options: object) -> Session:
        settings: dict[str, object] = {"backoff": 0, **options}
        session = Session(BASE, transport=httpx.WSGITransport(app=wsgi), **settings)
        opened.append(session)
        return session

    yield open_one
    for session in opened:
        session.close()


@pytest.fixture
def admin_token(make_token: Callable[..., str]) -> str:
    return make_token("admin")


@pytest.fixture
def session(open_session: Callable[..., Session], admin_token: str) -> Session:
    """An admin's session."""
    return open_session(token=admin_token)


@pytest.fixture
def data(session: Session) -> Data:
    return Data(session=session)
