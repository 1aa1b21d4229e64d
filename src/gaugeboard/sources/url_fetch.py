"""Fetch an http(s) URL for a data source without letting it reach the server's own network.

Every hop (the URL, then each redirect, followed here rather than by httpx) is checked:
http or https only, the host on URL_ALLOWED_HOSTS when that is set, and every address the
host resolves to public unless URL_ALLOW_PRIVATE. The name is resolved once per hop and
the connection goes to the address that was checked, with the original Host header and
TLS server name (so certificates are still verified against the name): a DNS answer that
changes between the check and the connection (DNS rebinding) cannot steer it elsewhere.
The body is read in chunks and reading stops past URL_MAX_BYTES; the fetch as a whole is
stopped once URL_TIMEOUT_SECONDS have passed. Proxies, .netrc and other environment
settings are ignored: a proxy would resolve the name itself and undo the check.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from gaugeboard.errors import SourceFailed
from gaugeboard.net.addresses import ALLOWED_SCHEMES
from gaugeboard.net.addresses import _is_public as is_public_address

# (host, port) -> the addresses the host resolves to, in the order to try them
Resolver = Callable[[str, int], list[str]]
DEFAULT_PORTS = {"http": 80, "https": 443}


def resolve_host(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise _Refused(f"the host {host!r} does not resolve ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Network:
    """How names resolve, which addresses count as public and which certificates are
    trusted. The defaults are the real ones; tests pass their own name resolution."""

    resolve: Resolver = resolve_host
    is_public: Callable[[str], bool] = is_public_address
    verify: ssl.SSLContext | bool = True


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


class _Refused(Exception):
    """A hop the rules forbid; the reason is worded to follow ``url: `` or a redirect."""


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """``allowed`` empty: any host. ``*.example.com`` matches subdomains, not the apex."""
    if not allowed:
        return True
    name = host.lower().rstrip(".")
    return any(
        name.endswith(pattern[1:]) if pattern.startswith("*.") else name == pattern
        for pattern in allowed
    )


def shown(url: httpx.URL) -> str:
    """The URL for messages: no credentials and no query string (which may hold keys)."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}{url.path}"


def checked_address(url: httpx.URL, policy: UrlPolicy, network: Network) -> str:
    """The address to connect to for ``url``, once every rule has passed."""
    if url.scheme not in ALLOWED_SCHEMES:
        raise _Refused("only http and https URLs are allowed")
    host = url.raw_host.decode("ascii")
    if not host:
        raise _Refused("the URL has no host")
    if not host_allowed(host, policy.allowed_hosts):
        raise _Refused(f"the host {url.host!r} is not in URL_ALLOWED_HOSTS")
    addresses = network.resolve(host, url.port or DEFAULT_PORTS[url.scheme])
    if not addresses:
        raise _Refused(f"the host {host!r} does not resolve")
    if not policy.allow_private:
        for address in addresses:
            if not network.is_public(address):
                raise _Refused(
                    f"the host {host!r} resolves to the non-public address {address}; "
                    "set GAUGEBOARD_URL_ALLOW_PRIVATE to allow it"
                )
    return addresses[0]


def _pinned_request(
    client: httpx.Client, url: httpx.URL, address: str, timeout: float
) -> httpx.Request:
    """A GET of ``url`` sent to ``address``: Host header and TLS name stay the URL's."""
    return client.build_request(
        "GET",
        url.copy_with(host=address.split("%", 1)[0]),
        headers={"Host": url.netloc.decode("ascii"), "Accept": "application/json"},
        timeout=timeout,
        extensions={"sni_hostname": url.raw_host.decode("ascii")},
    )


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
        return checked_address(url, policy, network)
    except _Refused as exc:
        where = f"redirect to {shown(url)} refused: " if hop else ""
        raise SourceFailed(f"url: {where}{exc}") from None


def _next_url(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    try:
        return url.join(response.headers["Location"])
    except httpx.InvalidURL as exc:
        raise SourceFailed(f"url: {shown(url)} redirects to an invalid URL ({exc})") from None


def _hop(
    client: httpx.Client, url: httpx.URL, address: str, policy: UrlPolicy, deadline: float
) -> Fetched | httpx.URL:
    """One request: the response read whole, or the URL it redirects to."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(url, policy)
    try:
        response = client.send(_pinned_request(client, url, address, remaining), stream=True)
        try:
            if response.has_redirect_location:
                return _next_url(url, response)
            body = _read_capped(response, url, policy, deadline)
            content_type = response.headers.get("Content-Type", "")
            return Fetched(response.status_code, body, content_type, shown(url))
        finally:
            response.close()
    except httpx.TimeoutException:
        raise _too_slow(url, policy) from None
    except httpx.HTTPError as exc:
        raise SourceFailed(f"url: fetching {shown(url)} failed ({exc})") from None


def fetch_url(url: str, policy: UrlPolicy, network: Network | None = None) -> Fetched:
    """GET ``url`` under ``policy``, following redirects itself so each hop is checked;
    any failure is a SourceFailed whose message says why."""
    net = network or Network()
    target = _parsed(url)
    deadline = time.monotonic() + policy.timeout_seconds
    with httpx.Client(verify=net.verify, trust_env=False, follow_redirects=False) as client:
        for hop in range(policy.max_redirects + 1):
            address = _address_for_hop(target, hop, policy, net)
            outcome = _hop(client, target, address, policy, deadline)
            if isinstance(outcome, Fetched):
                return outcome
            target = outcome
    raise SourceFailed(f"url: more than {policy.max_redirects} redirects (URL_MAX_REDIRECTS)")
