"""A redirect to another host name on the same address opens a new connection, whose TLS
is checked for that name: a connection checked for the first name is never reused, even
by a server that keeps connections open (HTTP/1.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaugeboard.errors import SourceFailed
from tests.sources.json_server import JsonServer
from tests.sources.test_url_tls import (  # noqa: F401 (fixtures)
    NAME,
    certificate,
    fetch,
    network_for,
    server_names,
    tls_server,
)


def keep_alive(server: JsonServer) -> None:
    """Answer in HTTP/1.1, keeping the connection open for the next request."""
    server.httpd.RequestHandlerClass.protocol_version = "HTTP/1.1"  # type: ignore[attr-defined]


def test_redirect_to_another_name_on_the_same_address_checks_its_certificate(
    tls_server: JsonServer,  # noqa: F811
    certificate: tuple[Path, Path],  # noqa: F811
) -> None:
    keep_alive(tls_server)
    other = tls_server.url("/json", host="other.test")
    with pytest.raises(SourceFailed) as caught:
        fetch(tls_server.url(f"/redirect?to={other}", host=NAME), network_for(certificate))
    assert "Hostname mismatch" in caught.value.message, caught.value.message


def test_each_hop_sends_its_own_server_name(
    tls_server: JsonServer,  # noqa: F811
    certificate: tuple[Path, Path],  # noqa: F811
    server_names: list[str | None],  # noqa: F811
) -> None:
    keep_alive(tls_server)
    again = tls_server.url("/json", host=NAME)
    fetch(tls_server.url(f"/redirect?to={again}", host=NAME), network_for(certificate))
    assert server_names == [NAME, NAME]
