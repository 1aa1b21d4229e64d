"""Sending and recording notifications; the one entry point alerts (and, later, reports)
call. ``Notifier.send`` expands each target to its recipients, sends to each, and records
one delivery row per recipient with its result. A failed delivery with tries left waits
for the ``notify.retry`` job (NOTIFY_RETRY_ATTEMPTS, NOTIFY_RETRY_SECONDS doubling), which
calls ``retry_due``. Sending never raises: the results say what happened.

The trusted caller is a service that already checked who may send (alerts: the alert's
owner saved its channels through ``targets.parse_targets``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import smtplib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from gaugeboard.net.pinned import Network
from gaugeboard.notify.email import EmailNotConfigured, send_email
from gaugeboard.notify.message import Attachment, Message
from gaugeboard.notify.targets import (
    EmailTarget,
    TeamTarget,
    UserTarget,
    WebhookTarget,
    target_of,
)
from gaugeboard.notify.webhook import WebhookFailed, post_webhook, recipient_of
from gaugeboard.store import deliveries
from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.database import Database
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.store.users import find_user_by_name

log = logging.getLogger(__name__)
RETRY_BATCH = 200


@dataclass(frozen=True)
class Outcome:
    """One recipient's result: ``sent``, ``retrying`` (tried again later) or ``failed``."""

    delivery_id: int
    channel: str
    recipient: str
    state: str
    error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.delivery_id,
            "channel": self.channel,
            "recipient": self.recipient,
            "state": self.state,
            "error": self.error,
        }


@dataclass(frozen=True)
class _Recipient:
    channel: str  # email | webhook
    recipient: str  # the address, or a webhook's scheme://host
    target: dict[str, Any]  # what to send to (an address, or the webhook target)
    problem: str | None = None  # known before sending (a user without an address)


def delivery_key(channel: str, recipient: str, target: Mapping[str, Any]) -> str:
    """What names one recipient of one message, the same before sending and from its
    stored delivery row (a resumed sending skips the recipients it already recorded)."""
    body = json.dumps(dict(target), sort_keys=True, default=str)
    return f"{channel}\x00{recipient[:2000]}\x00{body}"


def delivery_identity(identity: str, key: str) -> str:
    """The stable name of one message (``identity``) to one recipient (its delivery key):
    letters, digits, dots and dashes, so it fits a ``Message-ID`` and a header."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return f"{identity}.{digest}"


class Notifier:
    """Sends through the channels with one mount's settings and catalog."""

    def __init__(
        self, database: Database, settings: Mapping[str, Any], network: Network | None = None
    ) -> None:
        self.database = database
        self.settings = settings
        self.network = network or Network()

    def send(
        self,
        targets: Sequence[Mapping[str, Any]],
        subject: str,
        text: str,
        attachments: Sequence[Attachment] = (),
        *,
        data: Mapping[str, Any] | None = None,
        link: str | None = None,
        origin: str = "",
        one_email: bool = False,
        recorded: Collection[str] = (),
        before_each: Callable[[], bool] | None = None,
        identity: str | None = None,
    ) -> list[Outcome]:
        """Send one message to every recipient of ``targets`` (stored target dicts);
        returns each recipient's outcome, as recorded. ``one_email``: every email address
        gets the same single message (one delivery, all addresses in its To).

        ``recorded`` holds the ``delivery_key`` of recipients that already have a delivery
        of this message (skipped); ``before_each`` is asked before each recipient and
        stops the sending when it answers False (the caller lost its claim). ``identity``
        names the message for good (letters, digits, dots, dashes): each recipient's copy
        carries a stable id derived from it (see ``Message``)."""
        message = Message(subject, text, attachments, dict(data or {}), link)
        with self.database.sessions() as db:
            recipients = list(self._recipients(db, targets))
        if one_email:
            recipients = _one_email(recipients)
        outcomes = []
        seen: set[tuple[str, str]] = set()
        for recipient in recipients:
            key = (recipient.channel, repr(sorted(recipient.target.items())))
            if key in seen:
                continue  # a user named directly and in a team gets one email
            seen.add(key)
            named = delivery_key(recipient.channel, recipient.recipient, recipient.target)
            if named in recorded:
                continue
            if before_each is not None and not before_each():
                break
            copy = (
                replace(message, identity=delivery_identity(identity, named))
                if identity
                else message
            )
            error = recipient.problem or self._try(recipient.channel, recipient.target, copy)
            outcomes.append(self._record(recipient, copy, error, origin))
        return outcomes

    def _recipients(self, db: Any, targets: Sequence[Mapping[str, Any]]) -> Iterator[_Recipient]:
        for stored in targets:
            target = target_of(stored)
            if isinstance(target, WebhookTarget):
                yield _Recipient(
                    "webhook", recipient_of(target.url), target.model_dump(exclude_none=True)
                )
            elif isinstance(target, EmailTarget):
                yield _Recipient("email", target.address, {"address": target.address})
            elif isinstance(target, UserTarget):
                user = find_user_by_name(db, target.user)
                if user is None or not user.is_active:
                    yield _Recipient("email", f"user {target.user}", {}, "the user is gone")
                elif not user.email:
                    yield _Recipient(
                        "email", f"user {target.user}", {}, "the user has no email address"
                    )
                else:
                    yield _Recipient("email", user.email, {"address": user.email})
            elif isinstance(target, TeamTarget):
                yield from self._team(db, target.team)

    def _team(self, db: Any, name: str) -> Iterator[_Recipient]:
        team = deliveries.team_by_name(db, name)
        if team is None:
            yield _Recipient("email", f"team {name}", {}, "the team is gone")
            return
        for member, email in deliveries.member_emails(db, team.id):
            if email:
                yield _Recipient("email", email, {"address": email})
            else:
                yield _Recipient("email", f"user {member}", {}, "the user has no email address")

    def _try(self, channel: str, target: Mapping[str, Any], message: Message) -> str | None:
        """None when sent, else why not (without secrets)."""
        try:
            if channel == "webhook":
                post_webhook(self.settings, WebhookTarget(**target), message, self.network)
            elif "addresses" in target:
                send_email(self.settings, message, [str(item) for item in target["addresses"]])
            else:
                send_email(self.settings, message, str(target["address"]))
        except (EmailNotConfigured, WebhookFailed) as exc:
            return str(exc)
        except (OSError, smtplib.SMTPException) as exc:
            return f"{type(exc).__name__}: {exc}"[:500]
        return None

    def _next_try(self, attempts: int, now: datetime) -> datetime | None:
        if attempts >= int(self.settings["NOTIFY_RETRY_ATTEMPTS"]):
            return None
        wait = float(self.settings["NOTIFY_RETRY_SECONDS"]) * 2 ** (attempts - 1)
        return now + timedelta(seconds=wait)

    def _record(
        self, recipient: _Recipient, message: Message, error: str | None, origin: str
    ) -> Outcome:
        now = utcnow()
        # A problem found before sending (no address) will not mend by waiting.
        retry_at = None if recipient.problem or error is None else self._next_try(1, now)
        state = "sent" if error is None else ("retrying" if retry_at else "failed")
        # A webhook never sends attachments: its row does not keep a copy of them.
        kept = message if recipient.channel == "email" else replace(message, attachments=())
        row = Delivery(
            origin=origin[:100],
            channel=recipient.channel,
            recipient=recipient.recipient[:2000],
            target=recipient.target,
            message=kept.to_json(),
            state=state,
            attempts=1,
            error=error,
            created_at=now,
            sent_at=now if error is None else None,
            next_attempt_at=retry_at,
        )
        with self.database.sessions() as db:
            db.add(row)
            db.commit()
            delivery_id = row.id
        if error is not None:
            log.warning("delivery %d (%s) failed: %s", delivery_id, recipient.channel, error)
        return Outcome(delivery_id, recipient.channel, recipient.recipient, state, error)

    def retry_due(self, now: datetime | None = None) -> dict[str, int]:
        """Try again every delivery whose retry time has come; counts by new state."""
        moment = now or utcnow()
        counts = {"sent": 0, "retrying": 0, "failed": 0}
        with self.database.sessions() as db:
            due = [
                (row.id, row.channel, dict(row.target), dict(row.message), row.attempts)
                for row in deliveries.due_retries(db, moment, RETRY_BATCH)
            ]
        for delivery_id, channel, target, raw, attempts in due:
            error = self._try(channel, target, Message.from_json(raw))
            with self.database.sessions() as db:
                row = db.get(Delivery, delivery_id)
                if row is None or row.state != "retrying":
                    continue  # another process took it
                row.attempts = attempts + 1
                row.error = error
                if error is None:
                    row.state, row.sent_at, row.next_attempt_at = "sent", utcnow(), None
                else:
                    row.next_attempt_at = self._next_try(row.attempts, moment)
                    row.state = "retrying" if row.next_attempt_at else "failed"
                counts[row.state] += 1
                db.commit()
        return counts


def _one_email(recipients: list[_Recipient]) -> list[_Recipient]:
    """The email recipients with an address merged into one (webhooks and recipients
    known to fail, such as a user without an address, stay as they are)."""
    addresses: list[str] = []
    for item in recipients:
        address = item.target.get("address")
        if item.channel == "email" and item.problem is None and address not in addresses:
            addresses.append(str(address))
    if len(addresses) < 2:
        return recipients
    kept = [item for item in recipients if item.channel != "email" or item.problem is not None]
    merged = _Recipient("email", ", ".join(addresses), {"addresses": addresses})
    return [merged, *kept]


def delivery_json(row: Delivery) -> dict[str, Any]:
    """A delivery as the API shows it (no target: a webhook's URL may hold a secret)."""
    return {
        "id": row.id,
        "channel": row.channel,
        "recipient": row.recipient,
        "state": row.state,
        "attempts": row.attempts,
        "error": row.error,
        "created_at": iso_utc(row.created_at),
        "sent_at": iso_utc(row.sent_at),
        "next_attempt_at": iso_utc(row.next_attempt_at),
    }
