"""The email channel: one message per recipient through the SMTP_* settings, with stdlib
``smtplib`` and ``email`` (no third-party mail library: the protocol part is small and the
standard one is well tried). The text is the body; attachments follow it, images marked
inline where asked."""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from gaugeboard.notify.message import Attachment, Message, one_line

INLINE_PICTURES = ("image/png", "image/jpeg", "image/gif")


class EmailNotConfigured(Exception):
    """SMTP_HOST is empty, so no email can be sent."""


def build_email(message: Message, sender: str, recipient: str | Sequence[str]) -> EmailMessage:
    """The MIME message for one recipient (or one message to a list of them)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = recipient if isinstance(recipient, str) else ", ".join(recipient)
    mail["Subject"] = one_line(message.subject)
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    domain = sender.rpartition("@")[2] or None
    if message.identity:
        # The same message to the same recipient keeps its id when it is sent again.
        mail["Message-ID"] = f"<{message.identity}@{domain or 'gaugeboard.invalid'}>"
    else:
        mail["Message-ID"] = make_msgid(domain=domain)
    text = message.text
    if message.link:
        text = f"{text}\n\n{message.link}"
    mail.set_content(text)
    pictures = [item for item in message.attachments if _shown_inline(item)]
    if pictures:
        _add_html_with_pictures(mail, message, pictures)
    for item in message.attachments:
        if _shown_inline(item):
            continue
        maintype, _, subtype = item.content_type.partition("/")
        mail.add_attachment(
            item.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=one_line(item.filename, 200),
            disposition="inline" if item.inline else "attachment",
        )
    return mail


def _shown_inline(item: Attachment) -> bool:
    return item.inline and item.content_type in INLINE_PICTURES


def _add_html_with_pictures(
    mail: EmailMessage, message: Message, pictures: list[Attachment]
) -> None:
    """An HTML alternative of the text (escaped, never the sender's markup) showing each
    inline picture in the message itself, through a ``cid:`` reference to its part."""
    ids = [make_msgid() for _ in pictures]
    images = "".join(
        f'<p><img src="cid:{cid[1:-1]}" alt="{html.escape(item.filename)}" '
        f'style="max-width:100%"></p>'
        for item, cid in zip(pictures, ids, strict=True)
    )
    body = html.escape(message.text).replace("\n", "<br>\n")
    if message.link:
        body += f'</p><p><a href="{html.escape(message.link)}">Open in gaugeboard</a>'
    mail.add_alternative(f"<!doctype html><html><body><p>{body}</p>{images}</body></html>", "html")
    part = mail.get_body(("html",))
    assert part is not None
    for item, cid in zip(pictures, ids, strict=True):
        maintype, _, subtype = item.content_type.partition("/")
        part.add_related(
            item.data,
            maintype=maintype,
            subtype=subtype,
            cid=cid,
            filename=one_line(item.filename, 200),
            disposition="inline",
        )


def send_email(
    settings: Mapping[str, Any], message: Message, recipient: str | Sequence[str]
) -> None:
    """Send ``message`` to ``recipient`` (or to every address of a list, as one message,
    each address seen by all); raises EmailNotConfigured, OSError or
    smtplib.SMTPException on failure."""
    host = str(settings["SMTP_HOST"])
    if not host:
        raise EmailNotConfigured("email is not set up (GAUGEBOARD_SMTP_HOST is empty)")
    mail = build_email(message, str(settings["SMTP_FROM"]), recipient)
    port = int(settings["SMTP_PORT"])
    timeout = float(settings["SMTP_TIMEOUT_SECONDS"])
    security = settings["SMTP_SECURITY"]
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=context)
        if settings["SMTP_USER"]:
            smtp.login(str(settings["SMTP_USER"]), str(settings["SMTP_PASSWORD"]))
        to_addrs = [recipient] if isinstance(recipient, str) else list(recipient)
        smtp.send_message(mail, to_addrs=to_addrs)
