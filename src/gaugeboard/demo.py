"""Seed a demo instance: an admin with a printed password, 90 days of events (topped up to
today on each later run), two weeks of status history, the data set "sales by region and
month" with its daily rebuild, sample dashboards and a notebook dashboard with parameters;
and the JSON routes the demo's url-fed dashboard and the data set's rebuild read.

Running the demo again keeps what a user changed: the admin's password, when they set
their own (the demo remembers the digest it set, in the instance folder, never the
password), and every dashboard."""

from __future__ import annotations

import io
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response
from sqlalchemy.orm import Session

from gaugeboard.auth.access import Access, access
from gaugeboard.auth.passwords import hash_password
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard, find_by_path
from gaugeboard.datasets.jobs import REBUILD, actor_of
from gaugeboard.datasets.rows import append_rows
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import TARGET_KIND, DatasetPlace, create_dataset
from gaugeboard.datasets.sources import set_source
from gaugeboard.demo_dashboards import (
    DATASET_COLUMNS,
    DEMO_DATASET,
    NOTEBOOK_PATH,
    SALES_PATH,
    SALES_ROWS_PATH,
    demo_dashboards,
    demo_notebook,
    sales_payload,
    sales_rows,
)
from gaugeboard.demo_events import demo_events, events_since
from gaugeboard.demo_gallery import gallery_dashboard
from gaugeboard.demo_status import add_status_history
from gaugeboard.events.ingest import store_events
from gaugeboard.events.keys import create_event_key
from gaugeboard.events.listing import EventListQuery, list_events
from gaugeboard.events.validation import parse_events
from gaugeboard.extension import install_request_handling
from gaugeboard.http.responses import json_response
from gaugeboard.jobs.timing import next_due
from gaugeboard.notebooks.document import notebook_bytes
from gaugeboard.notebooks.service import NotebookPlace, find_notebook_at, upload_notebook
from gaugeboard.store import datasets as dataset_store
from gaugeboard.store import job_schedules
from gaugeboard.store.database import begin_write
from gaugeboard.store.event_keys import find_event_key_by_name
from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow
from gaugeboard.store.users import find_user_by_name

DEMO_ADMIN = "admin"
KEPT_PASSWORD = "(unchanged: the password you set)"
# The digest of the password the demo last set, so a later run can tell whether the user
# has changed it since (only the digest is kept, as the catalog keeps it).
DEMO_DIGEST_FILE = "demo-admin-digest"
DEMO_BLUEPRINT = "gaugeboard_demo"
REBUILD_SCHEDULE = f"{DEMO_DATASET}, every morning"
REBUILD_CRON = "0 6 * * *"


@access(Access.PUBLIC)
def demo_sales() -> Response:
    """Example sales for the url-fed dashboard; public, as a JSON feed usually is."""
    return json_response(sales_payload(datetime.now(UTC).date()))


@access(Access.PUBLIC)
def demo_sales_rows() -> Response:
    """The rows of the demo data set, as its daily rebuild reads them (a JSON list)."""
    return json_response(sales_rows(datetime.now(UTC).date()))


def register_demo_data(app: Flask) -> None:
    """Serve the demo's JSON routes (``/demo-data/sales.json`` and the data set's rows)
    from ``app``. Only the ``demo`` command calls this, before the first request: a plain
    server has no such route. The routes get gaugeboard's guard, headers and error bodies."""
    if DEMO_BLUEPRINT in app.blueprints:
        return
    bp = Blueprint(DEMO_BLUEPRINT, __name__)
    install_request_handling(bp)
    bp.add_url_rule(SALES_PATH, view_func=demo_sales, endpoint="sales", methods=["GET"])
    bp.add_url_rule(SALES_ROWS_PATH, view_func=demo_sales_rows, endpoint="rows", methods=["GET"])
    app.register_blueprint(bp)


def demo_documents() -> list[dict[str, Any]]:
    """Every demo dashboard document, in the order they are seeded: the examples, then the
    jsondash gallery."""
    return [*demo_dashboards(), gallery_dashboard()]


@dataclass(frozen=True)
class DemoFolders:
    """Where the demo keeps what it remembers between runs (the instance folder) and where
    the events' sealed segments are (to find the newest demo event)."""

    instance: Path
    segments: Path


def demo_password() -> str:
    """A fresh password that a shell never reads as an option (no leading ``-``)."""
    while True:
        password = secrets.token_urlsafe(12)
        if password[0].isalnum():
            return password


def _admin_step(db: Session, folders: DemoFolders | None) -> Callable[[], str | None]:
    digest_file = folders.instance / DEMO_DIGEST_FILE if folders is not None else None

    def step() -> str | None:
        begin_write(db)
        user = find_user_by_name(db, DEMO_ADMIN)
        if (
            user is not None
            and digest_file is not None
            and (not digest_file.exists() or digest_file.read_text() != user.password_hash)
        ):
            db.rollback()
            return KEPT_PASSWORD  # set by the user (or before the demo remembered): kept
        password = demo_password()
        if user is None:
            user = create_user(db, DEMO_ADMIN, password, "admin")
        else:
            user.password_hash = hash_password(password)
        db.commit()
        if digest_file is not None:
            _write_private(digest_file, user.password_hash)
        return password

    return step


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def seed_steps(
    db: Session,
    place: DatasetPlace,
    notebooks: NotebookPlace | None = None,
    folders: DemoFolders | None = None,
) -> list[tuple[str, Callable[[], str | None]]]:
    """The seeding steps, each returning a line to print (or None)."""
    steps: list[tuple[str, Callable[[], str | None]]] = [
        ("admin user", _admin_step(db, folders)),
        ("demo events", _events_step(db, folders)),
        ("status history", _status_step(db)),
        (f"data set {DEMO_DATASET}", _dataset_step(db, place)),
    ]
    for document in demo_documents():
        steps.append((f"dashboard {document['name']}", _dashboard_step(db, document)))
    if notebooks is not None:
        steps.append(("notebook regional-report", _notebook_step(db, notebooks)))
    return steps


def _status_step(db: Session) -> Callable[[], str | None]:
    def step() -> str | None:
        begin_write(db)
        add_status_history(db.connection(), time.time())
        db.commit()
        return None

    return step


def _notebook_step(db: Session, place: NotebookPlace) -> Callable[[], str | None]:
    """The notebook dashboard with parameters, once, uploaded as the admin with the outputs
    of its defaults (no kernel runs at start)."""

    def step() -> str | None:
        admin = find_user_by_name(db, DEMO_ADMIN)
        if admin is None or find_notebook_at(db, NOTEBOOK_PATH) is not None:
            return None
        actor = actor_of(db, admin)
        assert actor.principal is not None
        data = notebook_bytes(demo_notebook())
        upload = ("regional-report.ipynb", io.BytesIO(data))
        upload_notebook(db, place, actor.principal, actor, NOTEBOOK_PATH, upload)
        return None

    return step


def _dashboard_step(db: Session, document: dict[str, Any]) -> Callable[[], str | None]:
    def step() -> str | None:
        path = f"{document['folder']}/{document['name']}"
        if find_by_path(db, path) is None:
            admin = find_user_by_name(db, DEMO_ADMIN)
            create_dashboard(db, document, admin.id if admin else None)
            db.commit()
        return None

    return step


DEMO_KEY = "demo site"


def _events_step(db: Session, folders: DemoFolders | None) -> Callable[[], str | None]:
    """Seed the demo events under their own event key (shown the first time); on later
    runs, add the events since the newest one, so the charts reach today."""

    def step() -> str | None:
        key = find_event_key_by_name(db, DEMO_KEY)
        if key is not None:
            newest = _newest_event(db, folders) if folders is not None else None
            if newest is not None:
                _store(db, key.id, events_since(newest))
            return None
        key, secret = create_event_key(db, DEMO_KEY)
        db.commit()
        _store(db, key.id, demo_events())
        return secret

    return step


def _store(db: Session, key_id: int, events: list[dict[str, Any]]) -> None:
    for start in range(0, len(events), 1000):
        store_events(db, key_id, parse_events(events[start : start + 1000]))


def _newest_event(db: Session, folders: DemoFolders) -> float | None:
    """When the newest event of the demo's key happened (sealed or not), if any."""
    items, _more = list_events(
        db, folders.segments, EventListQuery.model_validate({"key": DEMO_KEY, "limit": 1})
    )
    db.rollback()  # the lookup's read ends before the writes
    return float(items[0]["time"]) if items else None


def _dataset_step(db: Session, place: DatasetPlace) -> Callable[[], str | None]:
    """The demo data set (owned by the admin) once, its source (the demo's own JSON of
    its rows) and its daily reload, scheduled as the admin: a rebuild acts as its
    schedule's owner."""

    def step() -> str | None:
        admin = find_user_by_name(db, DEMO_ADMIN)
        if admin is None or dataset_store.by_name(db, DEMO_DATASET) is not None:
            return None
        actor = actor_of(db, admin)
        body = DatasetCreate.model_validate(
            {
                "name": DEMO_DATASET,
                "description": "Units and sales of each product, per region and month.",
                "folder": "examples",
                "columns": DATASET_COLUMNS,
                "key_columns": ["month", "region", "product"],
            }
        )
        dataset = create_dataset(db, place, actor, body)
        append_rows(db, place, actor, dataset.id, sales_rows(datetime.now(UTC).date()))
        set_source(db, actor, dataset.id, {"type": "url", "url": SALES_ROWS_PATH})
        _schedule_rebuild(db, dataset.id, admin.id)
        return None

    return step


def _schedule_rebuild(db: Session, dataset_id: int, owner_id: int) -> None:
    begin_write(db)
    if job_schedules.by_name(db, REBUILD_SCHEDULE) is None:
        now = utcnow()
        db.add(
            JobSchedule(
                name=REBUILD_SCHEDULE,
                job_type=REBUILD,
                arguments={"method": "reload"},
                target_kind=TARGET_KIND,
                target_id=str(dataset_id),
                cron=REBUILD_CRON,
                timezone="UTC",
                next_due_at=next_due(REBUILD_CRON, None, "UTC", now),
                owner_id=owner_id,
                created_at=now,
                updated_at=now,
            )
        )
    db.commit()


def run_seed(
    db: Session,
    progress: Callable[[list[Any]], AbstractContextManager[Iterator[Any]]],
    place: DatasetPlace,
    notebooks: NotebookPlace | None = None,
    folders: DemoFolders | None = None,
) -> dict[str, str]:
    """Run every step under a progress bar; return what to print (password, event key)."""
    results: dict[str, str] = {}
    steps = seed_steps(db, place, notebooks, folders)
    with progress(steps) as bar:
        for label, step in bar:
            result = step()
            if result:
                results[label] = result
    return results
