"""Incident webhooks as an attacker would aim them: a name that resolves to a private
address, a proxy set in the environment, and a DNS answer that changes after the check."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from gaugeboard.monitor.webhooks import WebhookSender
from gaugeboard.net.pinned import Network
from tests.recording_server import RecordingServer

BODY = {"event": "incident.opened", "incident": {"id": 1, "title": "Down"}}


@pytest.fixture
def receiver() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


@pytest.fixture
def proxy() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


def test_webhook_to_a_name_resolving_to_loopback_is_not_sent(receiver: RecordingServer) -> None:
    sender = WebhookSender([f"http://localhost:{receiver.port}/hook"], allow_private=False)
    sender.deliver(BODY)
    assert receiver.requests == []


def test_webhook_to_loopback_is_sent_when_private_addresses_are_allowed(
    receiver: RecordingServer,
) -> None:
    sender = WebhookSender([f"http://localhost:{receiver.port}/hook"], allow_private=True)
    sender.deliver(BODY)
    assert [(r["method"], r["target"]) for r in receiver.requests] == [("POST", "/hook")]


def test_webhook_ignores_proxy_variables(
    receiver: RecordingServer, proxy: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy_url = f"http://127.0.0.1:{proxy.port}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy_url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    sender = WebhookSender([f"http://127.0.0.1:{receiver.port}/hook"], allow_private=True)
    sender.deliver(BODY)
    assert (proxy.requests, len(receiver.requests)) == ([], 1)


def test_webhook_goes_to_the_address_that_was_checked() -> None:
    """The name resolves once: to a "public" 127.0.0.1, then to a private 127.0.0.2 where
    another server waits on the same port. Only the checked one may hear the post."""
    answers = iter(["127.0.0.1", "127.0.0.2"])
    asked: list[str] = []

    def rebinding(host: str, _port: int) -> list[str]:
        asked.append(host)
        return [next(answers)]

    network = Network(resolve=rebinding, is_public=lambda address: address == "127.0.0.1")
    with RecordingServer() as checked, RecordingServer("127.0.0.2", checked.port) as rebound:
        url = f"http://hooks.rebind.test:{checked.port}/hook"
        WebhookSender([url], allow_private=False, network=network).deliver(BODY)
    assert (asked, rebound.requests) == (["hooks.rebind.test"], [])
    assert [r["host"] for r in checked.requests] == [f"hooks.rebind.test:{checked.port}"]


def test_webhook_redirect_with_a_malformed_location_is_only_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with RecordingServer() as target:
        target.httpd.RequestHandlerClass = _redirecting_handler()
        sender = WebhookSender([f"http://127.0.0.1:{target.port}/hook"], allow_private=True)
        sender.deliver(BODY)
    assert "has no host" in caplog.text


def _redirecting_handler() -> type[BaseHTTPRequestHandler]:
    class Redirecting(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            """Quiet."""

        def do_POST(self) -> None:  # noqa: N802 (the http.server API)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(302)
            self.send_header("Location", "http:127.0.0.1:1/x")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Redirecting


def test_webhook_logs_leave_out_the_secret_in_its_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret_url = "http://localhost:9/services/T0/B0/s3cr3t?token=s3cr3t"
    WebhookSender([secret_url], allow_private=False).deliver(BODY)
    assert ("webhook 1" in caplog.text, "s3cr3t" in caplog.text) == (True, False)
