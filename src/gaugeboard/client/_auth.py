"""How a session proves who it is: an API token, ClicData's Basic scheme, or OAuth2 client
credentials exchanged for short-lived tokens that are renewed before they expire.

Each kind hands the session the ``Authorization`` header for the next call; the client
credentials kind fetches its token through the session's own connection (with no header),
once, and again shortly before ``expires_in`` runs out or after a 401.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from typing import Protocol

import httpx

from gaugeboard.client._errors import error_from

TOKEN_PATH = "api/oauth/token"

# Fetches a token: (path, form) -> the answer, sent without any Authorization header.
PostForm = Callable[[str, dict[str, str]], httpx.Response]


class Credentials(Protocol):
    """What a session asks of its credentials before each call."""

    def header(self, post_form: PostForm) -> str | None:
        """The ``Authorization`` header value for the next call (None: send none)."""

    def expired(self) -> bool:
        """Told that the server answered 401: True when asking again may succeed (a fresh
        token will be fetched), False when these credentials are simply wrong."""


class NoCredentials:
    """Anonymous calls (event tracking with an event key needs no user)."""

    def header(self, post_form: PostForm) -> str | None:
        return None

    def expired(self) -> bool:
        return False


class TokenAuth:
    """An API token (``gaugeboard tokens create NAME``), sent as ``Bearer``."""

    def __init__(self, token: str) -> None:
        self.token = token

    def header(self, post_form: PostForm) -> str | None:
        return f"Bearer {self.token}"

    def expired(self) -> bool:
        return False


def clicdata_basic(client_id: str, username: str, password: str) -> str:
    """ClicData's Basic scheme: base64 of the client id followed by base64(user:password)."""
    inner = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return base64.b64encode(f"{client_id}{inner}".encode()).decode("ascii")


class BasicAuth:
    """A user name and password in ClicData's Basic scheme (``client_id`` may be empty)."""

    def __init__(self, username: str, password: str, client_id: str = "") -> None:
        self.value = f"Basic {clicdata_basic(client_id, username, password)}"

    def header(self, post_form: PostForm) -> str | None:
        return self.value

    def expired(self) -> bool:
        return False


class ClientCredentials:
    """OAuth2 client credentials: ``POST /api/oauth/token`` with the client's id and secret
    gives a bearer token valid ``expires_in`` seconds; it is fetched again a little before
    that (a tenth of its life, between 5 s and 60 s early) so no call carries a stale one.
    Thread-safe: one fetch at a time, shared by every thread of the session."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self.fetches = 0  # how many tokens were fetched (for tests and logs)

    def header(self, post_form: PostForm) -> str | None:
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._fetch(post_form)
            return f"Bearer {self._token}"

    def expired(self) -> bool:
        with self._lock:
            self._token = None
        return True

    def _fetch(self, post_form: PostForm) -> None:
        started = self._clock()
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._secret,
        }
        response = post_form(TOKEN_PATH, form)
        if response.status_code >= 400:
            raise error_from(response)
        answer = response.json()
        lifetime = float(answer.get("expires_in") or 0)
        early = min(60.0, max(5.0, lifetime / 10))
        self._token = str(answer["access_token"])
        self._renew_at = started + max(0.0, lifetime - early)
        self.fetches += 1
