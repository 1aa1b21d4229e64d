"""Reports end to end: a real SMTP server receives the email (PNG inline, PDF attached, a
link back that opens the dashboard); a real HTTP receiver gets the webhook's JSON, whose
signed link serves the PNG without a login, and a changed or expired link serves nothing;
the schedule sends each due report once; failed deliveries are retried."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from gaugeboard.reports.images import image_token
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.report_models import Report, ReportRun
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.dashboards.api_helpers import create
from tests.notify.servers import Mailbox, Receiver
from tests.render.helpers import FAVICON_BLUE, share_of
from tests.reports.conftest import create_report


def send(client: FlaskClient, headers: dict[str, str], report: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(f"/api/report/{report['id']}/send", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    run = answer.get_json()["runs"][0]
    assert isinstance(run, dict)
    return run


def test_email_has_the_png_inline_the_pdf_attached_and_a_working_link(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard)
    run = send(client, editor, report)
    assert run["state"] == "sent" and run["trigger"] == "manual"
    assert [d["recipient"] for d in run["deliveries"]] == ["boss@example.com"]
    [message] = smtp_server.to("boss@example.com")
    assert message["Subject"] == "Weekly sales: Sales"
    parts = {part.get_content_type(): part for part in message.walk()}
    png, pdf = parts["image/png"], parts["application/pdf"]
    assert png.get_content_disposition() == "inline"
    assert pdf.get_content_disposition() == "attachment"
    page_html = message.get_body(("html",)).get_content()
    assert f'src="cid:{png["Content-ID"][1:-1]}"' in page_html  # shown in the message
    assert f'href="http://localhost/dashboards/{dashboard["path"]}"' in page_html
    assert Image.open(io.BytesIO(png.get_content())).width == 1200
    assert pdf.get_content().startswith(b"%PDF")
    text = message.get_body(("plain",)).get_content()
    link = next(line for line in text.splitlines() if "/dashboards/" in line).strip()
    assert link == f"http://localhost/dashboards/{dashboard['path']}"
    page = client.get(link.removeprefix("http://localhost"), headers=editor)
    assert page.status_code == 200


def test_one_email_to_the_whole_list(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    channels = [
        {"kind": "email", "address": "a@example.com"},
        {"kind": "email", "address": "b@example.com"},
    ]
    report = create_report(client, editor, dashboard, channels=channels, email_mode="list")
    run = send(client, editor, report)
    assert [d["recipient"] for d in run["deliveries"]] == ["a@example.com, b@example.com"]
    assert len(smtp_server.received) == 1
    recipients, message = smtp_server.received[0]
    assert recipients == ["a@example.com", "b@example.com"]
    assert message["To"] == "a@example.com, b@example.com"


def test_one_email_per_recipient_by_default(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    channels = [
        {"kind": "email", "address": "a@example.com"},
        {"kind": "email", "address": "b@example.com"},
    ]
    report = create_report(client, editor, dashboard, channels=channels)
    send(client, editor, report)
    assert sorted(rcpt[0] for rcpt, _message in smtp_server.received) == [
        "a@example.com",
        "b@example.com",
    ]


def test_only_the_chosen_widgets_are_sent(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    whole = create_report(client, editor, dashboard, name="whole")
    part = create_report(client, editor, dashboard, name="part", widgets=["left"])
    send(client, editor, whole)
    send(client, editor, part)
    images = [
        next(p for p in message.walk() if p.get_content_type() == "image/png")
        for _rcpt, message in smtp_server.received
    ]
    assert images[0].get_content() != images[1].get_content()


def test_webhook_gets_a_signed_link_that_serves_the_png(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    receiver: Receiver,
) -> None:
    hook = {"kind": "webhook", "url": receiver.url}
    report = create_report(client, editor, dashboard, channels=[hook])
    run = send(client, editor, report)
    assert run["state"] == "sent"
    body = json.loads(receiver.requests[0]["body"])
    assert body["data"]["report"] == {"id": report["id"], "name": "Weekly sales"}
    url = body["data"]["image_url"]
    assert url.startswith("http://localhost/api/report/image/")
    image = client.get(url.removeprefix("http://localhost"))  # no login
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert Image.open(io.BytesIO(image.data)).width == 1200
    assert body["link"] == f"http://localhost/dashboards/{dashboard['path']}"


def test_a_tampered_link_serves_nothing(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    receiver: Receiver,
) -> None:
    report = create_report(
        client, editor, dashboard, channels=[{"kind": "webhook", "url": receiver.url}]
    )
    send(client, editor, report)
    token = json.loads(receiver.requests[0]["body"])["data"]["image_url"].rsplit("/", 1)[1]
    run_id, expiry, mac = token.split(".")
    for changed in (
        f"{int(run_id) + 1}.{expiry}.{mac}",  # another run
        f"{run_id}.{int(expiry) + 3600}.{mac}",  # a longer life
        f"{run_id}.{expiry}.{mac[:-2]}AA",  # a forged signature
        "garbage",
    ):
        answer = client.get(f"/api/report/image/{changed}")
        assert answer.status_code == 404, changed
        assert answer.get_json()["code"] == "not_found"


def test_an_expired_link_serves_nothing(
    app: Flask, client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    report = create_report(client, editor, dashboard)
    run = send(client, editor, report)
    secret = state(app).secret_key
    past = image_token(secret, run["id"], utcnow() - timedelta(seconds=1))
    answer = client.get(f"/api/report/image/{past}")
    assert answer.status_code == 404
    assert "expired" in answer.get_json()["error"]
    fresh = image_token(secret, run["id"], utcnow() + timedelta(seconds=60))
    assert client.get(f"/api/report/image/{fresh}").status_code == 200


def test_slack_body_carries_both_links(
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    receiver: Receiver,
) -> None:
    hook = {"kind": "webhook", "url": receiver.url, "format": "slack"}
    report = create_report(client, editor, dashboard, channels=[hook])
    send(client, editor, report)
    body = json.loads(receiver.requests[0]["body"])
    assert list(body) == ["text"]
    assert "/api/report/image/" in body["text"] and "|Open in gaugeboard>" in body["text"]


def test_the_schedule_sends_each_due_report_once(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard, cron="0 8 * * *")
    reports = state(app).reports
    assert reports is not None
    sender = reports.sender
    due = utcnow() + timedelta(days=1, hours=1)
    assert sender.run_due(utcnow()) == {"sent": 0, "skipped": 0}
    assert sender.run_due(due) == {"sent": 1, "skipped": 0}
    assert sender.run_due(due) == {"sent": 0, "skipped": 0}  # its next time is tomorrow
    assert len(smtp_server.received) == 1
    with state(app).database.sessions() as db:
        row = db.get(Report, report["id"])
        assert row is not None and row.next_due_at is not None and row.next_due_at > due
    runs = client.get(f"/api/report/{report['id']}/history", headers=editor).get_json()["runs"]
    assert [run["trigger"] for run in runs] == ["schedule"]


def test_a_failed_delivery_is_retried_and_the_run_shows_it(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    receiver: Receiver,
) -> None:
    receiver.status = 503
    report = create_report(
        client, editor, dashboard, channels=[{"kind": "webhook", "url": receiver.url}]
    )
    run = send(client, editor, report)
    assert run["state"] == "retrying"
    assert run["deliveries"][0]["error"] == "the receiver answered 503"
    receiver.status = 204
    reports = state(app).reports
    assert reports is not None
    counts = reports.sender.notifier.retry_due(utcnow() + timedelta(hours=1))
    assert counts["sent"] == 1
    runs = client.get(f"/api/report/{report['id']}/history", headers=editor).get_json()["runs"]
    assert runs[0]["state"] == "sent" and runs[0]["deliveries"][0]["attempts"] == 2


def test_a_report_of_a_deleted_dashboard_is_a_failed_run(
    client: FlaskClient,
    auth_headers: dict[str, str],
    editor: dict[str, str],
    dashboard: dict[str, Any],
    app: Flask,
) -> None:
    report = create_report(client, editor, dashboard)
    reports = state(app).reports
    assert reports is not None
    with state(app).database.sessions() as db:
        row = db.get(Dashboard, dashboard["id"])
        assert row is not None
        row.deleted_at = utcnow()
        db.commit()
    run_id = reports.sender.send(report["id"], "schedule")
    assert run_id is not None
    with state(app).database.sessions() as db:
        run = db.get(ReportRun, run_id)
        assert run is not None and run.state == "failed"
        assert run.error == "the dashboard was deleted"


def test_own_static_picture_is_drawn_in_the_emailed_png(
    client: FlaskClient, editor: dict[str, str], smtp_server: Mailbox
) -> None:
    logo = {
        "id": "logo",
        "type": "image",
        "title": "Logo",
        "position": {"x": 0, "y": 0, "w": 6, "h": 4},
        "options": {"url": "http://localhost/static/favicon.svg", "alt": "our logo"},
    }
    made = create(client, editor, name="branded", title="Branded", widgets=[logo])
    send(client, editor, create_report(client, editor, made))
    [message] = smtp_server.to("boss@example.com")
    parts = {part.get_content_type(): part for part in message.walk()}
    image = Image.open(io.BytesIO(parts["image/png"].get_content())).convert("RGB")
    assert share_of(image, FAVICON_BLUE) > 0.2
