"""What every resource object (``Data``, ``Account``, ``Dashboard``, …) shares: which
session it calls through, and how it hands back a list (dicts, or a DataFrame)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import quote

from gaugeboard.client._frames import frame
from gaugeboard.client._session import Session, SessionManager

Output = Literal["df", "dict"]
OUTPUTS = ("df", "dict")


def check_output(output: str) -> None:
    if output not in OUTPUTS:
        raise ValueError(f'output: {output!r} is neither "df" nor "dict"')


def path_key(key: int | str) -> str:
    """An id (digits) or a name as one path segment: the server reads digits as an id."""
    if isinstance(key, bool):
        raise TypeError("an id or a name, not a bool")
    return quote(str(key), safe="")


def listed(items: Sequence[dict[str, Any]], output: str) -> Any:
    """``items`` as they are (``dict``) or as a DataFrame (``df``)."""
    check_output(output)
    return frame(items) if output == "df" else list(items)


class Resource:
    """A part of the API, called through ``session`` when given, else through a session
    of its own made from ``connection`` (any ``Session`` arguments: ClicData's
    ``Data(client_id=…, client_secret=…)`` for a second account), else through the
    process default (``connect(…)`` / ``SessionManager(…)``), looked up at each call."""

    def __init__(self, session: Session | None = None, **connection: Any) -> None:
        if session is not None and connection:
            raise TypeError("give either session= or the arguments of a new session, not both")
        self._session = session or (Session(**connection) if connection else None)

    @property
    def session(self) -> Session:
        return self._session or SessionManager.current()

    def __repr__(self) -> str:
        where = repr(self._session) if self._session else "the default session"
        return f"<{type(self).__name__} via {where}>"
