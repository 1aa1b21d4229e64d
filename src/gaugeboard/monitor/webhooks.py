"""Tell other systems when an incident opens or closes: a JSON POST to each webhook URL,
sent from a background thread so the maintenance pass never waits on a slow receiver."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import httpx

from gaugeboard.monitor.incidents import IncidentChange
from gaugeboard.net.addresses import url_problem
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
    """Posts incident changes to the configured URLs; failures are logged, never raised."""

    def __init__(self, urls: Sequence[str], allow_private: bool) -> None:
        self.urls = list(urls)
        self.allow_private = allow_private

    def __call__(self, change: IncidentChange) -> None:
        if not self.urls:
            return
        body = payload_of(change)
        thread = threading.Thread(
            target=self.deliver, args=(body,), name="gaugeboard-webhook", daemon=True
        )
        thread.start()

    def deliver(self, body: dict[str, Any]) -> None:
        for url in self.urls:
            problem = url_problem(url, self.allow_private)
            if problem is not None:
                log.warning("webhook %s not sent: %s", url, problem)
                continue
            try:
                response = httpx.post(
                    url, json=body, timeout=TIMEOUT_SECONDS, follow_redirects=False
                )
                if response.status_code >= 300:
                    log.warning("webhook %s answered %d", url, response.status_code)
            except httpx.HTTPError as exc:
                log.warning("webhook %s failed: %s", url, exc)
