"""Fetch an http(s) URL for a data source without letting it reach the server's own network.

Every hop (the URL, then each redirect, followed here rather than by httpx) is checked:
http or https only, the host on URL_ALLOWED_HOSTS when that is set, and every address the
host resolves to public unless URL_ALLOW_PRIVATE. Each hop is sent through
``net.pinned``: the name is resolved once, and the connection goes to the address that
was checked, with the original Host header and TLS server name, ignoring proxies and
.netrc, so a DNS answer that changes between the check and the connection (DNS rebinding)
cannot steer it elsewhere. A Location header that is not a usable URL fails the fetch
with its reason. The body is read in chunks and reading stops past URL_MAX_BYTES; the
fetch as a whole is stopped once URL_TIMEOUT_SECONDS have passed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from gaugeboard.errors import SourceFailed
from gaugeboard.net.addresses import AddressRefused
from gaugeboard.net.addresses import host_allowed as host_allowed  # re-exported
from gaugeboard.net.pinned import (
    InvalidRedirect,
    pinned_client,
    pinned_request,
    redirect_target,
    send,
)
from gaugeboard.net.pinned import Network as Network  # re-exported

ACCEPT_JSON = {"Accept": "application/json"}


@dataclass(frozen=True)
class UrlPolicy:
    """The URL_* settings that bound one fetch."""

    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()
    timeout_seconds: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 3

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> UrlPolicy:
        raw_hosts = settings["URL_ALLOWED_HOSTS"]
        parts = raw_hosts.split(",") if isinstance(raw_hosts, str) else list(raw_hosts)
        return cls(
            allow_private=bool(settings["URL_ALLOW_PRIVATE"]),
            allowed_hosts=tuple(p.strip().lower().rstrip(".") for p in parts if p.strip()),
            timeout_seconds=float(settings["URL_TIMEOUT_SECONDS"]),
            max_bytes=int(settings["URL_MAX_BYTES"]),
            max_redirects=int(settings["URL_MAX_REDIRECTS"]),
        )


@dataclass(frozen=True)
class Fetched:
    """A response read whole: status, body, content type, and where it came from (the
    last hop, as shown in messages)."""

    status: int
    body: bytes
    content_type: str
    where: str


def shown(url: httpx.URL) -> str:
    """The URL for messages: no credentials and no query string (which may hold keys)."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}{url.path}"


def _read_capped(
    response: httpx.Response, url: httpx.URL, policy: UrlPolicy, deadline: float
) -> bytes:
    """The decoded body, read chunk by chunk; stops as soon as it passes the limits."""
    declared = response.headers.get("Content-Length", "")
    unencoded = "Content-Encoding" not in response.headers
    if unencoded and declared.isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(url, policy)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise _too_large(url, policy)
        if time.monotonic() > deadline:
            raise _too_slow(url, policy)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: httpx.URL, policy: UrlPolicy) -> SourceFailed:
    return SourceFailed(
        f"url: the response of {shown(url)} is larger than URL_MAX_BYTES "
        f"({policy.max_bytes} bytes); reading stopped"
    )


def _too_slow(url: httpx.URL, policy: UrlPolicy) -> SourceFailed:
    return SourceFailed(
        f"url: {shown(url)} did not answer within {policy.timeout_seconds:g} seconds "
        "(URL_TIMEOUT_SECONDS)"
    )


def _parsed(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise SourceFailed(f"url: not a valid URL ({exc})") from None


def _address_for_hop(url: httpx.URL, hop: int, policy: UrlPolicy, network: Network) -> str:
    try:
        return network.address_for(url, policy.allow_private, policy.allowed_hosts)
    except AddressRefused as exc:
        where = f"redirect to {shown(url)} refused: " if hop else ""
        raise SourceFailed(f"url: {where}{exc}") from None


def _hop(
    client: httpx.Client,
    url: httpx.URL,
    address: str,
    policy: UrlPolicy,
    deadline: float,
    headers: Mapping[str, str],
) -> Fetched | httpx.URL:
    """One request: the response read whole, or the URL it redirects to."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(url, policy)
    try:
        request = pinned_request(client, "GET", url, address, remaining, headers)
        response = send(client, request, stream=True)
        try:
            if response.has_redirect_location:
                return redirect_target(url, response.headers["Location"])
            body = _read_capped(response, url, policy, deadline)
            content_type = response.headers.get("Content-Type", "")
            return Fetched(response.status_code, body, content_type, shown(url))
        finally:
            response.close()
    except InvalidRedirect as exc:
        raise SourceFailed(f"url: {shown(url)} redirects to an invalid URL: {exc}") from None
    except httpx.TimeoutException:
        raise _too_slow(url, policy) from None
    except httpx.HTTPError as exc:
        raise SourceFailed(f"url: fetching {shown(url)} failed ({exc})") from None


def fetch_url(
    url: str,
    policy: UrlPolicy,
    network: Network | None = None,
    headers: Mapping[str, str] = ACCEPT_JSON,
) -> Fetched:
    """GET ``url`` under ``policy``, following redirects itself so each hop is checked;
    any failure is a SourceFailed whose message says why. ``headers`` (an Accept header)
    go with every hop."""
    net = network or Network()
    target = _parsed(url)
    deadline = time.monotonic() + policy.timeout_seconds
    with pinned_client(net) as client:
        for hop in range(policy.max_redirects + 1):
            address = _address_for_hop(target, hop, policy, net)
            outcome = _hop(client, target, address, policy, deadline, headers)
            if isinstance(outcome, Fetched):
                return outcome
            target = outcome
    raise SourceFailed(f"url: more than {policy.max_redirects} redirects (URL_MAX_REDIRECTS)")
