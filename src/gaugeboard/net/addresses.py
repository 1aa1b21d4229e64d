"""Refuse server-side requests to private, loopback and other special-purpose addresses
(SSRF).

A URL is checked by resolving its host and looking at every address it resolves to; only
public (globally routable) addresses pass unless URL_ALLOW_PRIVATE is on. The ranges are
listed here rather than taken from ``ipaddress.is_global`` alone, whose tables differ
between Python releases and miss ranges that matter here. An IPv4 address carried inside
an IPv6 one (mapped, compatible, translated, NAT64, 6to4) is checked as well: the network
stack or a gateway turns it back into that IPv4 address. Teredo is refused outright.
Anything that then connects goes through ``net.pinned``, to the address checked here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import httpx

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# (host, port) -> the addresses the host resolves to, in the order to try them
Resolver = Callable[[str, int], list[str]]

NON_PUBLIC_V4 = tuple(
    IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
NON_PUBLIC_V6 = tuple(
    IPv6Network(net)
    for net in (
        "64:ff9b:1::/48",  # local-use NAT64: where the IPv4 sits is the operator's choice
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) among them
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
# IPv6 forms that are only a spelling of the IPv4 address in their last 32 bits
IPV4_IN_LAST_32_BITS = tuple(
    IPv6Network(net)
    for net in (
        "::ffff:0:0/96",  # IPv4-mapped
        "::/96",  # IPv4-compatible (deprecated), and :: and ::1
        "::ffff:0:0:0/96",  # IPv4-translated
        "64:ff9b::/96",  # NAT64 well-known prefix
    )
)


class AddressRefused(Exception):
    """A URL the rules forbid; the reason is worded to follow ``url: `` or a redirect."""


def _public_v4(ip: IPv4Address) -> bool:
    return ip.is_global and not any(ip in net for net in NON_PUBLIC_V4)


def _public_v6(ip: IPv6Address) -> bool:
    for wrapper in IPV4_IN_LAST_32_BITS:
        if ip in wrapper:
            return _public_v4(IPv4Address(ip.packed[-4:]))
    if ip.sixtofour is not None and not _public_v4(ip.sixtofour):
        return False
    return ip.is_global and not any(ip in net for net in NON_PUBLIC_V6)


def is_public_address(address: str) -> bool:
    """Whether ``address`` (with or without an IPv6 zone) is globally routable, and so
    does every IPv4 address it carries."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, IPv6Address):
        return _public_v6(ip)
    return _public_v4(ip)


def resolve_host(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"the host {host!r} does not resolve ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """``allowed`` empty: any host. ``*.example.com`` matches subdomains, not the apex."""
    if not allowed:
        return True
    name = host.lower().rstrip(".")
    return any(
        name.endswith(pattern[1:]) if pattern.startswith("*.") else name == pattern
        for pattern in allowed
    )


def checked_address(
    url: httpx.URL,
    allow_private: bool,
    allowed_hosts: Sequence[str] = (),
    resolve: Resolver = resolve_host,
    is_public: Callable[[str], bool] = is_public_address,
) -> str:
    """The address to connect to for ``url``, once every rule has passed; the host is
    resolved once, here, and the caller connects to this address and no other."""
    if url.scheme not in ALLOWED_SCHEMES:
        raise AddressRefused("only http and https URLs are allowed")
    host = url.raw_host.decode("ascii")
    if not host:
        raise AddressRefused("the URL has no host")
    if not host_allowed(host, allowed_hosts):
        raise AddressRefused(f"the host {url.host!r} is not in URL_ALLOWED_HOSTS")
    addresses = resolve(host, url.port or DEFAULT_PORTS[url.scheme])
    if not addresses:
        raise AddressRefused(f"the host {host!r} does not resolve")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise AddressRefused(
                    f"the host {host!r} resolves to the non-public address {address}; "
                    "set GAUGEBOARD_URL_ALLOW_PRIVATE to allow it"
                )
    return addresses[0]


def url_problem(url: str, allow_private: bool) -> str | None:
    """Why the server must not request ``url``, or None when it may. A check only: code
    that connects uses ``net.pinned`` so the connection goes to the checked address."""
    try:
        checked_address(httpx.URL(url), allow_private)
    except httpx.InvalidURL as exc:
        return f"not a valid URL ({exc})"
    except AddressRefused as exc:
        return str(exc)
    return None
