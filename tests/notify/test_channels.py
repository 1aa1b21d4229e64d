"""The notification channels end to end: email into a real SMTP server, webhooks into a
real HTTP receiver (signed, Slack-shaped), users and teams expanded to their addresses,
every delivery recorded, failures retried by ``retry_due``, private addresses refused."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

from flask import Flask

from gaugeboard.errors import ValidationFailed
from gaugeboard.notify.message import Attachment
from gaugeboard.notify.service import Notifier
from gaugeboard.notify.targets import parse_targets
from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import Team, TeamMember, User
from tests.conftest import state
from tests.notify.servers import Mailbox, Receiver


def notifier(app: Flask, **settings: Any) -> Notifier:
    values = {**state(app).settings.values, **settings}
    return Notifier(state(app).database, values)


def deliveries(app: Flask) -> list[Delivery]:
    with state(app).database.sessions() as db:
        return list(db.query(Delivery).order_by(Delivery.id))


def give_email(app: Flask, name: str, address: str | None) -> None:
    with state(app).database.sessions() as db:
        user = db.query(User).filter_by(name=name).one()
        user.email = address
        db.commit()


def test_email_reaches_the_smtp_server_with_subject_text_and_attachment(
    app: Flask, smtp_server: Mailbox
) -> None:
    picture = Attachment("chart.png", "image/png", b"\x89PNG fake", inline=True)
    outcomes = notifier(app).send(
        [{"kind": "email", "address": "ops@example.com"}],
        "[Alerting] Signups",
        "Signups fell.",
        [picture],
        link="http://gb.test/alerts/1",
    )
    assert [outcome.state for outcome in outcomes] == ["sent"]
    (message,) = smtp_server.to("ops@example.com")
    assert message["Subject"] == "[Alerting] Signups"
    assert message["From"] == "alerts@gaugeboard.test"
    body = message.get_body(("plain",))
    assert body is not None and "Signups fell." in body.get_content()
    assert "http://gb.test/alerts/1" in body.get_content()
    # An inline picture is shown in the HTML alternative, through its Content-ID.
    (attached,) = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert (attached.get_filename(), attached.get_content()) == ("chart.png", b"\x89PNG fake")
    html = message.get_body(("html",))
    assert html is not None and f"cid:{attached['Content-ID'][1:-1]}" in html.get_content()


def test_a_subject_cannot_inject_headers(app: Flask, smtp_server: Mailbox) -> None:
    notifier(app).send(
        [{"kind": "email", "address": "ops@example.com"}], "Hi\r\nBcc: evil@x.test", "t"
    )
    (message,) = smtp_server.to("ops@example.com")
    assert message["Bcc"] is None and message["Subject"] == "Hi Bcc: evil@x.test"


def test_users_and_teams_get_one_email_each_and_a_user_without_address_is_recorded(
    app: Flask, smtp_server: Mailbox, make_user: Any
) -> None:
    for name in ("ann", "bob", "cid"):
        make_user(name)
    give_email(app, "ann", "ann@example.com")
    give_email(app, "bob", "bob@example.com")
    with state(app).database.sessions() as db:
        team = Team(name="ops")
        db.add(team)
        db.flush()
        for user in db.query(User).filter(User.name.in_(["ann", "cid"])):
            db.add(TeamMember(team_id=team.id, user_id=user.id))
        db.commit()
    targets = [{"kind": "user", "user": "ann"}, {"kind": "user", "user": "bob"}]
    outcomes = notifier(app).send([*targets, {"kind": "team", "team": "ops"}], "s", "t")
    shown = sorted((outcome.recipient, outcome.state) for outcome in outcomes)
    assert shown == [
        ("ann@example.com", "sent"),
        ("bob@example.com", "sent"),
        ("user cid", "failed"),
    ]
    assert sorted(rcpt[0] for rcpt, _ in smtp_server.received) == [
        "ann@example.com",
        "bob@example.com",
    ]


def test_signed_webhook_carries_a_verifiable_signature(app: Flask, receiver: Receiver) -> None:
    target = {"kind": "webhook", "url": receiver.url, "secret": "a-long-secret"}
    notifier(app).send([target], "[Alerting] Errors", "Too many.", data={"alert": {"id": 3}})
    (request,) = receiver.requests
    stamp = request["headers"]["X-Gaugeboard-Timestamp"]
    expected = hmac.new(b"a-long-secret", stamp.encode() + b"." + request["body"], hashlib.sha256)
    assert request["headers"]["X-Gaugeboard-Signature"] == "sha256=" + expected.hexdigest()
    body = json.loads(request["body"])
    assert (body["subject"], body["text"], body["data"]) == (
        "[Alerting] Errors",
        "Too many.",
        {"alert": {"id": 3}},
    )


def test_slack_format_sends_an_escaped_text_body(app: Flask, receiver: Receiver) -> None:
    target = {"kind": "webhook", "url": receiver.url, "format": "slack"}
    notifier(app).send([target], "<b>x</b>", "a & b")
    (request,) = receiver.requests
    assert "X-Gaugeboard-Signature" not in request["headers"]
    assert json.loads(request["body"]) == {"text": "*&lt;b&gt;x&lt;/b&gt;*\na &amp; b"}


def test_failed_webhook_is_retried_later_and_then_sent(app: Flask, receiver: Receiver) -> None:
    receiver.status = 500
    sender = notifier(app, NOTIFY_RETRY_ATTEMPTS=3, NOTIFY_RETRY_SECONDS=60)
    (outcome,) = sender.send([{"kind": "webhook", "url": receiver.url}], "s", "t")
    assert (outcome.state, outcome.error) == ("retrying", "the receiver answered 500")
    assert sender.retry_due() == {"sent": 0, "retrying": 0, "failed": 0}  # not due yet
    receiver.status = 204
    later = utcnow() + timedelta(seconds=61)
    assert sender.retry_due(later) == {"sent": 1, "retrying": 0, "failed": 0}
    (row,) = deliveries(app)
    assert (row.state, row.attempts, row.error) == ("sent", 2, None)
    assert len(receiver.requests) == 2


def test_a_delivery_fails_for_good_after_its_last_try(app: Flask, receiver: Receiver) -> None:
    receiver.status = 503
    sender = notifier(app, NOTIFY_RETRY_ATTEMPTS=2, NOTIFY_RETRY_SECONDS=1)
    sender.send([{"kind": "webhook", "url": receiver.url}], "s", "t")
    assert sender.retry_due(utcnow() + timedelta(seconds=5)) == {
        "sent": 0,
        "retrying": 0,
        "failed": 1,
    }
    (row,) = deliveries(app)
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 2, None)


def test_delivery_errors_never_hold_the_webhook_url(app: Flask, receiver: Receiver) -> None:
    sender = notifier(app, URL_ALLOW_PRIVATE=False)
    (outcome,) = sender.send([{"kind": "webhook", "url": receiver.url}], "s", "t")
    assert outcome.state == "retrying" and "non-public address" in str(outcome.error)
    assert "s3cr3t" not in str(outcome.error) and "s3cr3t" not in outcome.recipient
    assert receiver.requests == []


def test_email_without_smtp_host_fails_with_the_setting_named(app: Flask) -> None:
    (outcome,) = notifier(app, SMTP_HOST="").send(
        [{"kind": "email", "address": "a@example.com"}], "s", "t"
    )
    assert "GAUGEBOARD_SMTP_HOST" in str(outcome.error)


def check(app: Flask, raw: Any, **settings: Any) -> list[str]:
    values = {**state(app).settings.values, **settings}
    with state(app).database.sessions() as db:
        try:
            parse_targets(db, raw, values)
        except ValidationFailed as exc:
            return list(exc.errors)
    return []


def test_targets_are_checked_with_every_problem_named(app: Flask) -> None:
    raw = [
        {"kind": "user", "user": "nobody"},
        {"kind": "team", "team": "ghosts"},
        {"kind": "email", "address": "not-an-address"},
        {"kind": "webhook", "url": "ftp://example.com/x"},
        {"kind": "pager"},
    ]
    problems = check(app, raw)
    assert [problem.split(":")[0] for problem in problems] == ["channels[2].address", "channels[4]"]
    problems = check(app, raw[:2] + [raw[3]])
    assert problems == [
        "channels[0]: no user is named 'nobody'",
        "channels[1]: no team is named 'ghosts'",
        "channels[2]: only http and https URLs are allowed",
    ]


def test_plain_addresses_follow_notify_allow_addresses(app: Flask) -> None:
    raw = [{"kind": "email", "address": "a@example.com"}]
    assert check(app, raw, NOTIFY_ALLOW_ADDRESSES="") != []
    assert check(app, raw, NOTIFY_ALLOW_ADDRESSES="example.org") != []
    assert check(app, raw, NOTIFY_ALLOW_ADDRESSES="example.com") == []
    assert check(app, raw, NOTIFY_ALLOW_ADDRESSES="*") == []


def test_webhooks_to_private_addresses_are_refused_unless_allowed(app: Flask) -> None:
    raw = [{"kind": "webhook", "url": "http://127.0.0.1:9/x"}]
    (problem,) = check(app, raw, URL_ALLOW_PRIVATE=False)
    assert problem.startswith("channels[0]: the host '127.0.0.1' resolves to the non-public")
    assert check(app, raw, URL_ALLOW_PRIVATE=True) == []


def test_a_named_message_keeps_its_message_id_when_sent_again(
    app: Flask, smtp_server: Mailbox
) -> None:
    targets = [
        {"kind": "email", "address": "ops@example.com"},
        {"kind": "email", "address": "cto@example.com"},
    ]
    for _ in range(2):
        notifier(app).send(targets, "Report", "t", identity="gaugeboard.report-run.7")
    first, again = smtp_server.to("ops@example.com")
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith("<gaugeboard.report-run.7.")
    (other, _) = smtp_server.to("cto@example.com")
    assert other["Message-ID"] != first["Message-ID"]


def test_an_unnamed_message_gets_a_new_message_id_each_time(
    app: Flask, smtp_server: Mailbox
) -> None:
    for _ in range(2):
        notifier(app).send([{"kind": "email", "address": "ops@example.com"}], "s", "t")
    first, again = smtp_server.to("ops@example.com")
    assert first["Message-ID"] != again["Message-ID"]


def test_a_retried_webhook_carries_the_same_delivery_header(app: Flask, receiver: Receiver) -> None:
    receiver.status = 500
    sender = notifier(app, NOTIFY_RETRY_ATTEMPTS=3, NOTIFY_RETRY_SECONDS=1)
    sender.send([{"kind": "webhook", "url": receiver.url}], "s", "t", identity="gb.run.3")
    receiver.status = 204
    sender.retry_due(utcnow() + timedelta(seconds=5))
    first, retried = (request["headers"]["X-Gaugeboard-Delivery"] for request in receiver.requests)
    assert first == retried and first.startswith("gb.run.3.")


def test_an_unnamed_webhook_has_no_delivery_header(app: Flask, receiver: Receiver) -> None:
    notifier(app).send([{"kind": "webhook", "url": receiver.url}], "s", "t")
    (request,) = receiver.requests
    assert "X-Gaugeboard-Delivery" not in request["headers"]
