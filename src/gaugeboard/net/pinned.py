"""Connect to the address that was checked, never to a fresh DNS answer (DNS rebinding).

``Network.address_for`` resolves a URL's host once and checks every address
(``net.addresses``); the request is then sent to that address with the URL's host name
kept as the Host header and as the TLS server name, so certificates are still verified
against the name. The client ignores proxy variables, ``.netrc`` and other environment
settings (a proxy would resolve the name itself and undo the check) and follows no
redirect: a caller that follows them checks each hop itself. URL sources and incident
webhooks both send through here.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from gaugeboard.net.addresses import (
    ALLOWED_SCHEMES,
    Resolver,
    checked_address,
    is_public_address,
    resolve_host,
)


class InvalidRedirect(Exception):
    """A redirect whose Location header is not a URL that can be followed."""


@dataclass(frozen=True)
class Network:
    """How names resolve, which addresses count as public and which certificates are
    trusted. The defaults are the real ones; tests pass their own name resolution."""

    resolve: Resolver = resolve_host
    is_public: Callable[[str], bool] = is_public_address
    verify: ssl.SSLContext | bool = True

    def address_for(
        self, url: httpx.URL, allow_private: bool, allowed_hosts: Sequence[str] = ()
    ) -> str:
        """The checked address to send ``url`` to; raises AddressRefused."""
        return checked_address(url, allow_private, allowed_hosts, self.resolve, self.is_public)


def redirect_target(url: httpx.URL, location: str) -> httpx.URL:
    """Where a response to ``url`` with this Location header points (any other scheme is
    returned as it is, for the caller's scheme check to refuse)."""
    try:
        reference = httpx.URL(location)
        if reference.scheme in ALLOWED_SCHEMES and not reference.host:
            raise InvalidRedirect(f"the Location header {location[:200]!r} has no host")
        return url.join(reference)
    except httpx.InvalidURL as exc:
        raise InvalidRedirect(
            f"the Location header {location[:200]!r} is not a valid URL ({exc})"
        ) from None


def _check_location(response: httpx.Response) -> None:
    """Refuse a bad Location before httpx builds its own next request from it (which
    raises an error outside httpx's own hierarchy)."""
    if response.has_redirect_location:
        redirect_target(response.request.url, response.headers["Location"])


def pinned_client(network: Network) -> httpx.Client:
    """A client that follows no redirect and reads nothing from the environment. It keeps
    no connection open: pooled by address, a connection whose TLS was checked for one host
    name would otherwise carry the request of another name on the same address."""
    return httpx.Client(
        verify=network.verify,
        trust_env=False,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
        event_hooks={"response": [_check_location]},
    )


def send(client: httpx.Client, request: httpx.Request, stream: bool = False) -> httpx.Response:
    """``client.send``, with httpx's own failure to read a Location header (outside the
    ``httpx.HTTPError`` family) turned into InvalidRedirect."""
    try:
        return client.send(request, stream=stream)
    except httpx.InvalidURL as exc:
        raise InvalidRedirect(f"the Location header is not a valid URL ({exc})") from None


def pinned_request(
    client: httpx.Client,
    method: str,
    url: httpx.URL,
    address: str,
    timeout: float,
    headers: Mapping[str, str],
    json: Any = None,
    content: bytes | None = None,
) -> httpx.Request:
    """``method`` ``url`` sent to ``address``: Host header and TLS name stay the URL's.
    The body is ``json`` encoded by httpx, or ``content`` as it is (bytes a signature
    was computed over)."""
    return client.build_request(
        method,
        url.copy_with(host=address.split("%", 1)[0]),
        headers={**headers, "Host": url.netloc.decode("ascii")},
        json=json,
        content=content,
        timeout=timeout,
        extensions={"sni_hostname": url.raw_host.decode("ascii")},
    )
