"""Tell other systems when an incident opens or closes: a JSON POST to each webhook URL,
sent from a background thread so the maintenance pass never waits on a slow receiver."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import httpx

from gaugeboard.monitor.incidents import IncidentChange
from gaugeboard.net.addresses import AddressRefused
from gaugeboard.net.pinned import InvalidRedirect, Network, pinned_client, pinned_request, send
from gaugeboard.store.types import iso_utc

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5.0


def payload_of(change: IncidentChange) -> dict[str, Any]:
    return {
        "event": change.event,
        "incident": {
            "id": change.incident_id,
            "title": change.title,
            "impact": change.impact,
            "route": change.rule,
            "failure_rate": round(change.failure_rate, 4),
            "requests": change.requests,
            "at": iso_utc(change.at),
        },
    }


class WebhookSender:
    """Posts incident changes to the configured URLs; failures are logged, never raised.

    Each post goes through ``net.pinned``, as url sources do: the host is resolved once,
    its addresses checked, and the connection made to the checked address (no proxy from
    the environment, no redirect followed), so DNS cannot send it elsewhere afterwards.
    """

    def __init__(
        self, urls: Sequence[str], allow_private: bool, network: Network | None = None
    ) -> None:
        self.urls = list(urls)
        self.allow_private = allow_private
        self.network = network or Network()

    def __call__(self, change: IncidentChange) -> None:
        if not self.urls:
            return
        body = payload_of(change)
        thread = threading.Thread(
            target=self.deliver, args=(body,), name="gaugeboard-webhook", daemon=True
        )
        thread.start()

    def deliver(self, body: dict[str, Any]) -> None:
        with pinned_client(self.network) as client:
            for number, url in enumerate(self.urls, start=1):
                self._post(client, number, url, body)

    def _post(self, client: httpx.Client, number: int, url: str, body: dict[str, Any]) -> None:
        # Logs name the webhook by its place and host only: chat webhooks carry their
        # secret in the path or query, and logs are read by more people than settings.
        try:
            target = httpx.URL(url)
            address = self.network.address_for(target, self.allow_private)
        except (httpx.InvalidURL, AddressRefused) as exc:
            log.warning("webhook %d not sent: %s", number, _without_url(exc, url))
            return
        name = f"{number} ({target.scheme}://{target.host})"
        request = pinned_request(client, "POST", target, address, TIMEOUT_SECONDS, {}, body)
        try:
            response = send(client, request)
        except (httpx.HTTPError, InvalidRedirect) as exc:
            log.warning("webhook %s failed: %s", name, _without_url(exc, url))
            return
        if response.status_code >= 300:
            log.warning("webhook %s answered %d", name, response.status_code)


def _without_url(exc: Exception, url: str) -> str:
    """The error's text with the configured URL cut out (it may hold the webhook secret)."""
    return str(exc).replace(url, "<webhook URL>")
