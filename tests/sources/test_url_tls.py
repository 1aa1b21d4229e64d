"""HTTPS url sources: the connection goes to the checked address, yet the TLS server name
and the certificate check still use the URL's host name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.sources.url_fetch import Network, UrlPolicy
from gaugeboard.sources.url_source import url_payload
from tests.sources.json_server import JsonServer

NAME = "pinned.test"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for ``pinned.test``, made by the openssl command."""
    openssl = shutil.which("openssl")
    assert openssl is not None, "the TLS tests need the openssl command"
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2"]
        + ["-subj", f"/CN={NAME}", "-addext", f"subjectAltName=DNS:{NAME}"],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def server_names() -> list[str | None]:
    return []


@pytest.fixture
def tls_server(
    certificate: tuple[Path, Path], server_names: list[str | None]
) -> Iterator[JsonServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    with JsonServer(tls=context) as running:
        yield running


def network_for(certificate: tuple[Path, Path]) -> Network:
    """Any name resolves to the test server; only the test certificate is trusted."""
    return Network(
        resolve=lambda _host, _port: ["127.0.0.1"],
        verify=ssl.create_default_context(cafile=str(certificate[0])),
    )


def fetch(url: str, network: Network) -> object:
    policy = UrlPolicy(allow_private=True, timeout_seconds=5)
    return url_payload(UrlSource(type="url", url=url), {}, policy, None, network)


def test_https_is_fetched_from_the_checked_address(
    tls_server: JsonServer, certificate: tuple[Path, Path]
) -> None:
    body = fetch(tls_server.url("/echo", host=NAME), network_for(certificate))
    assert body == {"query": {}, "host": f"{NAME}:{tls_server.port}"}


def test_tls_server_name_is_the_url_host(
    tls_server: JsonServer, certificate: tuple[Path, Path], server_names: list[str | None]
) -> None:
    fetch(tls_server.url("/json", host=NAME), network_for(certificate))
    assert server_names == [NAME]


def test_certificate_is_checked_against_the_url_host(
    tls_server: JsonServer, certificate: tuple[Path, Path]
) -> None:
    with pytest.raises(SourceFailed) as caught:
        fetch(tls_server.url("/json", host="other.test"), network_for(certificate))
    assert "Hostname mismatch" in caught.value.message, caught.value.message
