"""What is sent: a subject, a plain text, optional attachments (a report's PNG and PDF),
optional structured ``data`` for webhook receivers, and a link back. Kept as JSON on each
delivery so a failed one can be sent again as it was.

``identity`` names one message to one recipient for good (a report run's email to one
address): sent again after a crash or a retry, it carries the same ``Message-ID`` or
``X-Gaugeboard-Delivery``, so a mail system or a webhook receiver can drop the copy."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email; ``inline`` images are shown in the message."""

    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    attachments: Sequence[Attachment] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    link: str | None = None
    identity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "identity": self.identity,
            "subject": self.subject,
            "text": self.text,
            "data": dict(self.data),
            "link": self.link,
            "attachments": [
                {
                    "filename": item.filename,
                    "content_type": item.content_type,
                    "inline": item.inline,
                    "data": base64.b64encode(item.data).decode("ascii"),
                }
                for item in self.attachments
            ],
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Message:
        return cls(
            subject=str(raw["subject"]),
            text=str(raw["text"]),
            data=dict(raw.get("data") or {}),
            link=raw.get("link"),
            identity=raw.get("identity"),
            attachments=[
                Attachment(
                    str(item["filename"]),
                    str(item["content_type"]),
                    base64.b64decode(item["data"]),
                    bool(item.get("inline")),
                )
                for item in raw.get("attachments") or []
            ],
        )


def one_line(text: str, limit: int = 250) -> str:
    """Header-safe text: no line breaks or other control characters, and not too long."""
    cleaned = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in text)
    return " ".join(cleaned.split())[:limit]
