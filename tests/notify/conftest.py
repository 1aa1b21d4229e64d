"""Fixtures of the notification tests: the real SMTP and HTTP receivers, and settings
that point at them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.notify.servers import Mailbox, receiver, smtp_server

__all__ = ["receiver", "smtp_server"]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], smtp_server: Mailbox) -> dict[str, Any]:
    """Mail to the test's SMTP server, webhooks to loopback allowed, any address domain,
    and no schedules running by themselves."""
    return {
        **settings_overrides,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "SMTP_SECURITY": "none",
        "SMTP_FROM": "alerts@gaugeboard.test",
        "URL_ALLOW_PRIVATE": True,
        "NOTIFY_ALLOW_ADDRESSES": "*",
        "ALERT_EVALUATE_SECONDS": 0,
    }
