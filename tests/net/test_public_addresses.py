"""The private-address filter: every special-purpose range is refused, including IPv4
addresses carried inside IPv6 (mapped, compatible, translated, NAT64, 6to4, Teredo)."""

from __future__ import annotations

import pytest

from gaugeboard.net.addresses import is_public_address, url_problem

REFUSED = [
    # IPv4 special-purpose ranges
    "0.0.0.0",
    "0.1.2.3",
    "10.1.2.3",
    "100.64.0.1",
    "127.0.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "192.0.0.8",
    "192.0.2.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.254",
    "192.88.99.1",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    # IPv6 ranges
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "3fff::1",
    "fec0::1",
    "100::1",
    "64:ff9b:1::1",
    "64:ff9b:1::5db8:d822",
    # IPv4 inside IPv6
    "::7f00:1",
    "::127.0.0.1",
    "::10.0.0.1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:0:7f00:1",
    "::ffff:0:a00:1",
    "64:ff9b::7f00:1",
    "64:ff9b::10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::1",
    "2002:a00:1::",
    "2002:a9fe:a9fe::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:0:7f00:1::1",
]

ALLOWED = [
    "93.184.216.34",
    "1.1.1.1",
    "8.8.8.8",
    "2606:4700::1111",
    "2a00:1450:4001:82b::200e",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
]


@pytest.mark.parametrize("address", REFUSED)
def test_special_purpose_address_is_refused(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ALLOWED)
def test_public_address_is_allowed(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize("address", ["::7f00:1", "::ffff:0:7f00:1", "64:ff9b::7f00:1"])
def test_url_with_embedded_loopback_is_refused(address: str) -> None:
    assert "non-public address" in (url_problem(f"http://[{address}]/", allow_private=False) or "")


@pytest.mark.parametrize("address", ["::7f00:1", "2002:7f00:1::1", "192.0.2.1"])
def test_url_allow_private_still_lets_them_through(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    assert url_problem(f"http://{host}/", allow_private=True) is None
