"""Fixtures of the report tests: the real SMTP and HTTP receivers (notify's), settings
that point at them, and a dashboard with two charts made by an editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.dashboards.api_helpers import bearer, create
from tests.notify.servers import Mailbox, receiver, smtp_server
from tests.render.helpers import bar

__all__ = ["receiver", "smtp_server"]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], smtp_server: Mailbox) -> dict[str, Any]:
    """Mail to the test's SMTP server, webhooks to loopback allowed, any address domain,
    and no schedules running by themselves (tests run the passes)."""
    return {
        **settings_overrides,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "SMTP_SECURITY": "none",
        "SMTP_FROM": "reports@gaugeboard.test",
        "URL_ALLOW_PRIVATE": True,
        "NOTIFY_ALLOW_ADDRESSES": "*",
        "ALERT_EVALUATE_SECONDS": 0,
        "REPORT_CHECK_SECONDS": 0,
    }


@pytest.fixture
def editor(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("ed", role="editor")
    return bearer(make_token(user_name="ed"))


@pytest.fixture
def dashboard(client: FlaskClient, editor: dict[str, str]) -> dict[str, Any]:
    widgets = [bar("left", 0, 0, "#d62728", [3, 7, 2]), bar("right", 6, 0, "#1f77b4", [5, 1])]
    return create(client, editor, name="sales", title="Sales", widgets=widgets)


def report_body(dashboard: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "dashboard": dashboard["id"],
        "name": "Weekly sales",
        "cron": "0 8 * * 1",
        "channels": [{"kind": "email", "address": "boss@example.com"}],
    }
    body.update(overrides)
    return body


def create_report(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], **overrides: Any
) -> dict[str, Any]:
    answer = client.post("/api/report", json=report_body(dashboard, **overrides), headers=headers)
    assert answer.status_code == 201, answer.get_json()
    report = answer.get_json()["report"]
    assert isinstance(report, dict)
    return report
