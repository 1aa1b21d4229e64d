"""One connection to a gaugeboard server: its address, credentials, timeouts and retries,
and the process-wide default session every resource object uses unless given its own.

A call that fails with 429 or a 5xx, or whose connection breaks, is sent again after a
growing pause (``backoff`` × 2ⁿ, with jitter, or the server's ``Retry-After``) when sending
it twice cannot do harm: GET, PUT and DELETE, never a POST (an append sent twice would add
its rows twice). A connection that could not be opened at all is retried for every method,
since nothing reached the server. A 401 with client credentials fetches a fresh token and
sends the call once more.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar

import httpx

from gaugeboard.client._auth import (
    BasicAuth,
    ClientCredentials,
    Credentials,
    NoCredentials,
    TokenAuth,
)
from gaugeboard.client._errors import TransportFailed, error_from, retry_after

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Failures where the request never left: safe to send again whatever the method.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
MAX_PAUSE_SECONDS = 30.0
AUTH_METHODS = ("token", "basic", "client_credentials")
# A request body: bytes, or a function making the pieces of a streamed one (for each try).
Body = bytes | Callable[[], Iterable[bytes]] | None


def base_url(url: str) -> str:
    """The server's root: ClicData-style addresses ending in ``/api/`` are accepted too."""
    root = url.strip().rstrip("/")
    if root.endswith("/api"):
        root = root[: -len("/api")]
    if not root.startswith(("http://", "https://")):
        raise ValueError(f"url: {url!r} is not an http(s) address")
    return root


def credentials_of(
    token: str | None,
    username: str | None,
    password: str | None,
    client_id: str | None,
    client_secret: str | None,
) -> Credentials:
    """The credentials the arguments name (exactly one kind, or none)."""
    kinds = [
        name
        for name, given in (
            ("token", token is not None),
            ("basic", username is not None or password is not None),
            ("client_credentials", client_secret is not None),
        )
        if given
    ]
    if len(kinds) > 1:
        raise ValueError(f"give one kind of credentials, not {' and '.join(kinds)}")
    if token is not None:
        return TokenAuth(token)
    if username is not None or password is not None:
        if username is None or password is None:
            raise ValueError("basic authentication needs both username and password")
        return BasicAuth(username, password, client_id or "")
    if client_secret is not None:
        if not client_id:
            raise ValueError("client credentials need client_id with client_secret")
        return ClientCredentials(client_id, client_secret)
    return NoCredentials()


def _kind(credentials: Credentials) -> str:
    if isinstance(credentials, TokenAuth):
        return "token"
    if isinstance(credentials, BasicAuth):
        return "basic"
    if isinstance(credentials, ClientCredentials):
        return "client_credentials"
    return "none"


class Session:
    """A gaugeboard server and how to call it.

    ``Session(url, token=…)``, ``Session(url, username=…, password=…)`` (ClicData's Basic
    scheme, with ``client_id`` when the server wants one) or ``Session(url, client_id=…,
    client_secret=…)`` (OAuth2 client credentials, renewed before they expire). ``url`` is
    the server's root (``https://gaugeboard.example``; ``…/api/`` works too). ``timeout``
    is in seconds per call; ``retries`` how many times a failed idempotent call is sent
    again, ``backoff`` the first pause between tries. ``auth_method`` is accepted for
    ClicData scripts and must agree with the credentials given.
    """

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        auth_method: str | None = None,
        auth: Credentials | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.url = base_url(url)
        self.credentials = auth or credentials_of(
            token, username, password, client_id, client_secret
        )
        if auth_method is not None and auth_method != _kind(self.credentials):
            raise ValueError(
                f"auth_method: {auth_method!r} does not match the credentials given "
                f"({_kind(self.credentials)}; one of {', '.join(AUTH_METHODS)})"
            )
        if retries < 0 or backoff < 0:
            raise ValueError("retries and backoff cannot be negative")
        self.retries = retries
        self.backoff = backoff
        self.http = httpx.Client(
            base_url=self.url + "/",
            headers={"Accept": "application/json", **(headers or {})},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        """Close the connections (the session cannot be used after)."""
        self.http.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Session {self.url} ({_kind(self.credentials)})>"

    # --- sending --------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Body = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send one call (``path`` relative to the server's root, e.g. ``api/data``) and
        return its answer; an error answer raises its GaugeboardError subclass. Retries
        follow the rules in the module docstring; ``idempotent`` overrides the method's
        default (False for a DELETE of only the first matching row, True for a read-only
        POST). ``content`` is bytes, or a function returning an iterator of bytes: the
        body is then streamed (chunked), made again for each try."""
        method = method.upper()
        safe = method in IDEMPOTENT if idempotent is None else idempotent
        request = self._build(method, path, params, json, content, headers)
        attempt = 0
        renewed = False
        while True:
            if attempt and callable(content):  # a streamed body is spent after a try
                request = self._build(method, path, params, json, content, headers)
            response = self._send(request, attempt, safe)
            if response is None:
                attempt += 1
                continue
            if response.status_code == 401 and not renewed and self.credentials.expired():
                renewed = True
                request = self._build(method, path, params, json, content, headers)
                continue
            if response.status_code in RETRY_STATUSES and safe and attempt < self.retries:
                self._pause(attempt, retry_after(response))
                attempt += 1
                continue
            if response.status_code >= 400:
                raise error_from(response)
            return response

    def _build(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        content: Body,
        headers: Mapping[str, str] | None,
    ) -> httpx.Request:
        wanted = dict(headers or {})
        value = self.credentials.header(self._post_form)
        if value is not None:
            wanted["Authorization"] = value
        cleaned = {key: item for key, item in (params or {}).items() if item is not None}
        body = content() if callable(content) else content
        return self.http.build_request(
            method, path.lstrip("/"), params=cleaned, json=json, content=body, headers=wanted
        )

    def _send(self, request: httpx.Request, attempt: int, safe: bool) -> httpx.Response | None:
        """The answer, or None after a pause when a broken connection may be tried again."""
        try:
            return self.http.send(request)
        except httpx.TransportError as exc:
            again = (safe or isinstance(exc, NOT_SENT)) and attempt < self.retries
            if not again:
                raise _transport_failed(exc) from exc
            self._pause(attempt, None)
            return None

    def _pause(self, attempt: int, asked: float | None) -> None:
        if asked is not None:
            time.sleep(min(asked, MAX_PAUSE_SECONDS))
            return
        delay = min(MAX_PAUSE_SECONDS, self.backoff * 2**attempt)
        time.sleep(delay * (0.5 + random.random() / 2))

    def _post_form(self, path: str, form: dict[str, str]) -> httpx.Response:
        """A form POST with no Authorization header (fetching a token)."""
        try:
            return self.http.post(path, data=form)
        except httpx.TransportError as exc:
            raise _transport_failed(exc) from exc

    # --- shortcuts ------------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` with ``params``; the parsed JSON answer."""
        return self.request("GET", path, params=params).json()

    def send(self, method: str, path: str, body: Any = None, **options: Any) -> Any:
        """A call with a JSON body; the parsed JSON answer (None for an empty body)."""
        response = self.request(method, path, json=body, **options)
        return response.json() if response.content else None

    def pages(
        self, path: str, keys: str | tuple[str, ...], params: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every item of a paged list (under the first of ``keys`` the answer has),
        following ``page`` from 1 to the end: while ``has_more_data``, or to the page
        ``next`` names."""
        names = (keys,) if isinstance(keys, str) else keys
        page = 1
        while True:
            body = self.get(path, **{**(params or {}), "page": page})
            yield from next((body[name] for name in names if name in body), [])
            following = _next_page(body, page)
            if following is None:
                return
            page = following


def _transport_failed(exc: httpx.TransportError) -> TransportFailed:
    return TransportFailed(0, "transport_error", [f"{type(exc).__name__}: {exc}"])


def _next_page(body: Mapping[str, Any], page: int) -> int | None:
    if body.get("has_more_data"):
        return page + 1
    following = body.get("next")
    return following if isinstance(following, int) and following > page else None


class SessionManager:
    """The process-wide default session, as ClicData's client has it:
    ``SessionManager(url, token=…)`` opens it (any ``Session`` arguments), and every
    ``Data()``, ``Account()``, … made without ``session=`` uses it from then on."""

    _default: ClassVar[Session | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, *args: Any, session: Session | None = None, **connection: Any) -> None:
        if session is not None and (args or connection):
            raise TypeError("give either a session or the arguments of one, not both")
        self.session = SessionManager.use(session or Session(*args, **connection))

    @classmethod
    def use(cls, session: Session) -> Session:
        """Make ``session`` the default; the previous one is closed unless it is the same."""
        with cls._lock:
            previous, cls._default = cls._default, session
        if previous is not None and previous is not session:
            previous.close()
        return session

    @classmethod
    def current(cls) -> Session:
        """The default session; RuntimeError when none was opened."""
        session = cls._default
        if session is None:
            raise RuntimeError(
                "no gaugeboard session: call gaugeboard.client.connect(url, token=…) (or "
                "SessionManager(…)) first, or pass session= to the object"
            )
        return session

    @classmethod
    def close(cls) -> None:
        """Close the default session and forget it."""
        with cls._lock:
            previous, cls._default = cls._default, None
        if previous is not None:
            previous.close()


def connect(url: str, token: str | None = None, **options: Any) -> Session:
    """Open a session (same arguments as ``Session``) and make it the process default."""
    return SessionManager.use(Session(url, token, **options))
