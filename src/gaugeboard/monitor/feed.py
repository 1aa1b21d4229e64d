"""An Atom feed of incidents and maintenance windows, built with ElementTree so every
user-written text is escaped as XML text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from xml.etree import ElementTree as ET

from gaugeboard.store.status_models import StatusIncident
from gaugeboard.store.types import iso_utc

ATOM = "http://www.w3.org/2005/Atom"


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _updated(incident: StatusIncident) -> datetime:
    moments = [incident.started_at, *(u.created_at for u in incident.updates)]
    if incident.ended_at is not None:
        moments.append(incident.ended_at)
    return max(moments)


def incident_feed(
    incidents: Sequence[StatusIncident], page_url: str, feed_url: str, now: datetime
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _child(feed, "id", feed_url)
    _child(feed, "title", "Status incidents")
    updated = max((_updated(i) for i in incidents), default=now)
    _child(feed, "updated", iso_utc(updated))
    _child(feed, "link", href=page_url, rel="alternate")
    _child(feed, "link", href=feed_url, rel="self")
    author = _child(feed, "author")
    _child(author, "name", "gaugeboard")
    for incident in incidents:
        entry = _child(feed, "entry")
        _child(entry, "id", f"{page_url}#incident-{incident.id}")
        _child(entry, "title", f"[{incident.impact}] {incident.title}")
        _child(entry, "published", iso_utc(incident.started_at))
        _child(entry, "updated", iso_utc(_updated(incident)))
        _child(entry, "link", href=f"{page_url}#incident-{incident.id}", rel="alternate")
        lines = [
            f"{iso_utc(update.created_at)} {update.status}: {update.body}"
            for update in incident.updates
        ]
        _child(entry, "content", "\n\n".join(lines), type="text")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
