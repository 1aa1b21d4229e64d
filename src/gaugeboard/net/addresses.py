"""Refuse server-side requests to private, loopback and link-local addresses (SSRF).

A URL is checked by resolving its host and looking at every address it resolves to;
only public (globally routable) addresses pass unless URL_ALLOW_PRIVATE is on.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_problem(url: str, allow_private: bool) -> str | None:
    """Why the server must not request ``url``, or None when it may."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ALLOWED_SCHEMES:
        return "only http and https URLs are allowed"
    host = parts.hostname
    if not host:
        return "the URL has no host"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        return f"the host {host!r} does not resolve ({exc})"
    for info in infos:
        address = str(info[4][0])
        if not _is_public(address):
            return (
                f"the host {host!r} resolves to the non-public address {address}; "
                "set GAUGEBOARD_URL_ALLOW_PRIVATE to allow it"
            )
    return None
