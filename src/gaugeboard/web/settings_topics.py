"""The admin settings page's topics: each setting of ``config.SETTINGS`` placed under a
heading by its name (an exact name first, then the longest matching prefix), with a line
on what the topic is about. A setting no topic names lands under "Other"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

OTHER = "Other"


@dataclass(frozen=True)
class Topic:
    title: str
    about: str
    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


@dataclass
class TopicGroup:
    title: str
    about: str
    items: list[dict[str, Any]] = field(default_factory=list)


TOPICS = (
    Topic(
        "Server and storage",
        "Where gaugeboard keeps its data, how it starts, and what it accepts on the wire.",
        frozenset(
            {
                "DATA_DIR",
                "DATABASE_URL",
                "SECRET_KEY",
                "AUTO_UPGRADE",
                "SQLITE_BUSY_TIMEOUT_MS",
                "MAX_REQUEST_BYTES",
                "TRUSTED_PROXIES",
                "LOG_LEVEL",
            }
        ),
    ),
    Topic(
        "Sign-in and security",
        "Sessions, sign-in limits, API tokens and OAuth, and which sites may frame the pages.",
        frozenset({"BASIC_AUTH", "TOKEN_DAYS", "FRAME_ANCESTORS", "EMBED_FRAME_ANCESTORS"}),
        ("SESSION_", "LOGIN_", "OAUTH_", "ACCOUNT_"),
    ),
    Topic(
        "Dashboards",
        "Who may open dashboards, how long widget data is cached, and view counting.",
        prefixes=("DASHBOARD_",),
    ),
    Topic(
        "Events",
        "Where sealed events are kept, how long, how often the tail is sealed, query limits.",
        prefixes=("EVENT_",),
    ),
    Topic(
        "Status page",
        "The status page of the app's routes: who sees it, what counts as a failure, "
        "incidents, their webhooks, and how long history is kept.",
        prefixes=("STATUS_",),
    ),
    Topic(
        "URL sources",
        "Which addresses a widget's url source may fetch, with its time and size limits.",
        prefixes=("URL_",),
    ),
    Topic(
        "Data sets",
        "Upload size, query time and version history of data sets.",
        prefixes=("DATASET_",),
    ),
    Topic(
        "Notebooks",
        "Upload limits of notebook dashboards, and the limits of their runs.",
        prefixes=("NOTEBOOK_",),
    ),
    Topic(
        "Background jobs",
        "Where scheduled work runs (threads or Celery) and how much of it at once.",
        prefixes=("JOBS_",),
    ),
    Topic(
        "Reports, alerts and notifications",
        "The mail server and webhook limits notifications go through, how often alerts are "
        "evaluated and reports sent, thumbnails and snapshot drawing, and the public address "
        "links point to.",
        frozenset({"THUMBNAIL_REFRESH_SECONDS", "SNAPSHOT_PROCESSES", "PUBLIC_URL"}),
        ("SMTP_", "NOTIFY_", "ALERT_", "REPORT_"),
    ),
)


def topic_of(name: str) -> str:
    """The title of the topic a setting belongs to."""
    for topic in TOPICS:
        if name in topic.names:
            return topic.title
    best, length = OTHER, 0
    for topic in TOPICS:
        for prefix in topic.prefixes:
            if name.startswith(prefix) and len(prefix) > length:
                best, length = topic.title, len(prefix)
    return best


def grouped(items: Iterable[dict[str, Any]]) -> list[TopicGroup]:
    """``items`` (from ``config.settings_items``, each with its ``name``) under their
    topics, in the order of TOPICS, settings in table order; empty topics left out."""
    groups = {topic.title: TopicGroup(topic.title, topic.about) for topic in TOPICS}
    groups[OTHER] = TopicGroup(OTHER, "Settings not yet placed under a topic.")
    for item in items:
        groups[topic_of(item["name"])].items.append(item)
    return [group for group in groups.values() if group.items]
