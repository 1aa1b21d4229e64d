"""Dashboard thumbnails: a small PNG of each dashboard, kept in the data folder
(``thumbnails/<id>.png`` beside ``<id>.key``, the fingerprint of what it shows), redrawn by
the ``render.thumbnails`` system job when the dashboard's document or data changed, never
on a viewer's request, except that a dashboard with no thumbnail yet is drawn once when
first asked for.

A thumbnail is drawn as nobody in particular, like ``dashboard.refresh``: its default
variables and time range, url sources fetched without a caller's cookie, data sets read
as a caller with no user. So it never shows more than the least-privileged viewer of the
dashboard may see, and one file serves everyone who may open the dashboard."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from gaugeboard.dashboards.cached_fetch import CachedFetcher
from gaugeboard.dashboards.service import document_of
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.data_dir import make_private_dirs
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.dashboard_refresh import RefreshParts
from gaugeboard.jobs.registry import JobRegistry, JobType, RetryPolicy
from gaugeboard.render.own_images import own_images
from gaugeboard.render.snapshot import draw_outputs
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboards import DashboardFilter, find_dashboards

log = logging.getLogger(__name__)
JOB = "render.thumbnails"
FOLDER = "thumbnails"
LAYOUT_WIDTH = 1200  # the dashboard is laid out as on a desktop page…
THUMBNAIL_WIDTH = 400  # …and shrunk to this many pixels wide


@dataclass
class ThumbnailStore:
    """The thumbnails of one mount: where they live and what they are drawn with."""

    folder: Path
    parts: RefreshParts
    settings: Mapping[str, Any]

    def path(self, dashboard_id: int) -> Path:
        return self.folder / f"{int(dashboard_id)}.png"

    def cached(self, dashboard_id: int) -> bytes | None:
        """The stored thumbnail, or None when it was never drawn."""
        try:
            return self.path(dashboard_id).read_bytes()
        except FileNotFoundError:
            return None

    def forget_all_but(self, kept: set[int]) -> None:
        """Remove the thumbnails of dashboards deleted since they were drawn."""
        if not self.folder.is_dir():
            return
        for found in self.folder.glob("*.png"):
            if found.stem.isdigit() and int(found.stem) not in kept:
                found.unlink(missing_ok=True)
                found.with_suffix(".key").unlink(missing_ok=True)

    def refresh(self, db: Session, dashboard: Dashboard) -> bool:
        """Redraw ``dashboard``'s thumbnail when its document or data changed; whether it
        was redrawn."""
        document = document_of(dashboard)
        context = self.parts.default_context(db, document, self.settings)
        fetcher = CachedFetcher(document, self.parts.cache, self.settings)
        outputs = render_all(document, context, {}, fetcher)
        key = hashlib.sha256(
            orjson.dumps({"version": dashboard.version, "outputs": outputs}, default=str)
        ).hexdigest()
        key_path = self.path(dashboard.id).with_suffix(".key")
        if self.path(dashboard.id).exists() and _read(key_path) == key:
            return False
        image = draw_outputs(
            document,
            outputs,
            width=LAYOUT_WIDTH,
            scale=THUMBNAIL_WIDTH / LAYOUT_WIDTH,
            # A job has no request: the server's own pictures are known by PUBLIC_URL.
            images=own_images([str(self.settings.get("PUBLIC_URL") or "")]),
        )
        make_private_dirs(self.folder)
        _write(self.path(dashboard.id), image)
        _write(key_path, key.encode())
        return True

    def drawn(self, db: Session, dashboard: Dashboard) -> bytes:
        """The thumbnail, drawn now when there is none yet."""
        found = self.cached(dashboard.id)
        if found is not None:
            return found
        self.refresh(db, dashboard)
        return self.path(dashboard.id).read_bytes()


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` whole: a reader sees the old file or the new one, never half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refresh_all(store: ThumbnailStore, db: Session) -> dict[str, int]:
    """One pass over every live dashboard; a dashboard that cannot be drawn is counted and
    logged, never stops the others."""
    redrawn = unchanged = failed = 0
    live = list(find_dashboards(db, DashboardFilter(folder="", recursive=True)))
    store.forget_all_but({dashboard.id for dashboard in live})
    for dashboard in live:
        try:
            if store.refresh(db, dashboard):
                redrawn += 1
            else:
                unchanged += 1
        except Exception:
            log.exception("the thumbnail of dashboard %s could not be drawn", dashboard.id)
            failed += 1
    return {"redrawn": redrawn, "unchanged": unchanged, "failed": failed}


def _job(store: ThumbnailStore) -> Any:
    def run(context: JobContext, _arguments: Any) -> dict[str, int]:
        with context.database.sessions() as db:
            return refresh_all(store, db)

    return run


def register_render_jobs(
    registry: JobRegistry, store: ThumbnailStore, every_seconds: int
) -> list[SystemSchedule]:
    """Register ``render.thumbnails`` on a mount's registry; its system schedule unless
    ``every_seconds`` is 0."""
    registry.register(
        JobType(
            JOB,
            "Redraw the thumbnails of dashboards that changed",
            _job(store),
            time_limit_seconds=1800,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    return [SystemSchedule(JOB, JOB, every_seconds)] if every_seconds else []
