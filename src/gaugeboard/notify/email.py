"""The email channel: one message per recipient through the SMTP_* settings, with stdlib
``smtplib`` and ``email`` (no third-party mail library: the protocol part is small and the
standard one is well tried). The text is the body; attachments follow it, images marked
inline where asked."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from gaugeboard.notify.message import Message, one_line


class EmailNotConfigured(Exception):
    """SMTP_HOST is empty, so no email can be sent."""


def build_email(message: Message, sender: str, recipient: str | Sequence[str]) -> EmailMessage:
    """The MIME message for one recipient (or one message to a list of them)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = recipient if isinstance(recipient, str) else ", ".join(recipient)
    mail["Subject"] = one_line(message.subject)
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    text = message.text
    if message.link:
        text = f"{text}\n\n{message.link}"
    mail.set_content(text)
    for item in message.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        mail.add_attachment(
            item.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=one_line(item.filename, 200),
            disposition="inline" if item.inline else "attachment",
        )
    return mail


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
