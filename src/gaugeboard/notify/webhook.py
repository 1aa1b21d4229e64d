"""The webhook channel: a JSON POST through ``net.pinned`` (the host resolved once and
checked against URL_ALLOW_PRIVATE and URL_ALLOWED_HOSTS, no redirect followed, no proxy),
as incident webhooks and URL sources send.

The body is ``{"subject", "text", "link", "data"}``, or for ``format: slack`` an
incoming-webhook body (``{"text": ...}``, Slack's three special characters escaped). With
a secret, ``X-Gaugeboard-Timestamp`` holds the Unix time and ``X-Gaugeboard-Signature``
is ``sha256=`` and the hex HMAC-SHA256, keyed by the secret, of ``<timestamp>.<body>``:
a receiver recomputes it over the raw body and refuses old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from gaugeboard.net.addresses import AddressRefused
from gaugeboard.net.pinned import InvalidRedirect, Network, pinned_client, pinned_request, send
from gaugeboard.notify.message import Message
from gaugeboard.notify.targets import WebhookTarget, url_policy

SIGNATURE_HEADER = "X-Gaugeboard-Signature"
TIMESTAMP_HEADER = "X-Gaugeboard-Timestamp"
DELIVERY_HEADER = "X-Gaugeboard-Delivery"


class WebhookFailed(Exception):
    """The receiver could not be reached or did not accept the body; the text never
    contains the URL (it may hold the webhook's secret)."""


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_body(message: Message, body_format: str) -> dict[str, Any]:
    """What a webhook receives for ``message`` in ``body_format`` (json or slack)."""
    if body_format == "slack":
        text = f"*{_slack_escape(message.subject)}*\n{_slack_escape(message.text)}"
        if message.link:
            text += f"\n<{message.link}|Open in gaugeboard>"
        return {"text": text}
    return {
        "subject": message.subject,
        "text": message.text,
        "link": message.link,
        "data": dict(message.data),
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def recipient_of(url: str) -> str:
    """How a delivery names a webhook: scheme and host only (the path may be a secret)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "webhook"
    return f"{parsed.scheme}://{parsed.host}"


def post_webhook(
    settings: Mapping[str, Any], target: WebhookTarget, message: Message, network: Network
) -> None:
    """POST ``message`` to the target; raises WebhookFailed."""
    body = json.dumps(
        webhook_body(message, target.format), ensure_ascii=False, separators=(",", ":")
    ).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "gaugeboard"}
    if message.identity:
        headers[DELIVERY_HEADER] = message.identity  # the same on every try of this delivery
    if target.secret:
        stamp = str(int(time.time()))
        headers[TIMESTAMP_HEADER] = stamp
        headers[SIGNATURE_HEADER] = signature(target.secret, stamp, body)
    allow_private, hosts = url_policy(settings)
    timeout = float(settings["NOTIFY_WEBHOOK_TIMEOUT_SECONDS"])
    try:
        url = httpx.URL(target.url)
        address = network.address_for(url, allow_private, hosts)
        with pinned_client(network) as client:
            request = pinned_request(client, "POST", url, address, timeout, headers, None, body)
            response = send(client, request)
    except (httpx.InvalidURL, AddressRefused, InvalidRedirect, httpx.HTTPError) as exc:
        raise WebhookFailed(str(exc).replace(target.url, "<webhook URL>")) from None
    if response.status_code >= 300:
        raise WebhookFailed(f"the receiver answered {response.status_code}")
