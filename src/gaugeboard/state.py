"""What one mounted gaugeboard holds at run time, and the per-request catalog session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import current_app, g
from sqlalchemy.orm import Session

from gaugeboard.alerts.service import AlertEnv
from gaugeboard.auth.access import Access, public_levels
from gaugeboard.auth.credentials import HeaderRules
from gaugeboard.auth.rate_limit import LoginLimit
from gaugeboard.config import Settings
from gaugeboard.dashboards.data_cache import SourceCache
from gaugeboard.dashboards.view_counter import ViewCounter
from gaugeboard.datasets.service import DatasetPlace
from gaugeboard.events.group_commit import GroupCommitter
from gaugeboard.events.keys import KeyCache
from gaugeboard.events.sealing_job import SealingJob
from gaugeboard.jobs.runner import JobRunner
from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.notebooks.files import NotebookFiles
from gaugeboard.notebooks.kernel import KernelSlots
from gaugeboard.notebooks.render_cache import RenderCache
from gaugeboard.notebooks.service import NotebookPlace
from gaugeboard.notebooks.unpack import UnpackLimits
from gaugeboard.render.thumbnails import ThumbnailStore
from gaugeboard.reports.service import ReportEnv
from gaugeboard.store.database import Database

EXTENSION_KEY = "gaugeboard"
DATASETS_FOLDER = "datasets"
NOTEBOOKS_FOLDER = "notebooks"
_SESSION_KEY = "_gaugeboard_db"


@dataclass
class GaugeboardState:
    """Settings, database and secrets of one gaugeboard mounted in one Flask app."""

    settings: Settings
    database: Database
    data_dir: Path
    secret_key: str
    url_prefix: str
    key_cache: KeyCache = field(default_factory=KeyCache)
    sealing_job: SealingJob | None = None
    jobs: JobRunner | None = None
    alerts: AlertEnv | None = None
    reports: ReportEnv | None = None
    views: ViewCounter | None = None
    committer: GroupCommitter | None = None
    monitor: StatusMonitor | None = None
    thumbnails: ThumbnailStore | None = None
    status_api_secret: str = ""
    opened_levels: frozenset[Access] = frozenset()
    dashboard_cache: SourceCache = field(default_factory=SourceCache)
    datasets: DatasetPlace = field(init=False)
    notebooks: NotebookPlace = field(init=False)

    def __post_init__(self) -> None:
        self.opened_levels = public_levels(self.settings)
        self.dashboard_cache = SourceCache(max_entries=self.settings["DASHBOARD_CACHE_ENTRIES"])
        self.datasets = DatasetPlace(
            self.data_dir / DATASETS_FOLDER,
            float(self.settings["DATASET_QUERY_TIMEOUT_SECONDS"]),
        )
        self.notebooks = NotebookPlace(
            files=NotebookFiles(self.data_dir / NOTEBOOKS_FOLDER),
            limits=UnpackLimits(
                max_bytes=self.settings["NOTEBOOK_MAX_UNPACKED_BYTES"],
                max_entries=self.settings["NOTEBOOK_MAX_ENTRIES"],
            ),
            cache=RenderCache(max_entries=self.settings["NOTEBOOK_CACHE_ENTRIES"]),
            kernels=KernelSlots(self.settings["NOTEBOOK_MAX_KERNELS"]),
        )

    @property
    def status_url(self) -> str:
        return "/" + str(self.settings["STATUS_URL"]).strip().strip("/")

    @property
    def segments_dir(self) -> Path:
        configured = self.settings["EVENT_SEGMENTS_DIR"]
        return Path(configured) if configured else self.data_dir / "events"

    @property
    def login_limit(self) -> LoginLimit:
        return LoginLimit(
            max_attempts=self.settings["LOGIN_MAX_ATTEMPTS"],
            window_seconds=self.settings["LOGIN_WINDOW_SECONDS"],
        )

    @property
    def header_rules(self) -> HeaderRules:
        return HeaderRules(basic_enabled=self.settings["BASIC_AUTH"], limit=self.login_limit)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings["SESSION_HOURS"])

    @property
    def cookie_path(self) -> str:
        """The mount prefix, or ``/`` when the status page lives outside it (a login must
        reach both)."""
        prefix = self.url_prefix or "/"
        status_outside = not (self.status_url + "/").startswith(prefix.rstrip("/") + "/")
        if self.settings["STATUS_ENABLED"] and status_outside:
            return "/"
        return prefix


def start_background_jobs() -> None:
    """Before a request: make sure this process runs its jobs timer (threads die across fork)."""
    runner = current_state().jobs
    if runner is not None:
        runner.start()


def current_state() -> GaugeboardState:
    state = current_app.extensions[EXTENSION_KEY]
    assert isinstance(state, GaugeboardState)
    return state


def db_session() -> Session:
    """The catalog session of this request, opened on first use and closed at teardown."""
    session = g.get(_SESSION_KEY)
    if session is None:
        session = current_state().database.sessions()
        setattr(g, _SESSION_KEY, session)
    assert isinstance(session, Session)
    return session


def close_db_session(_exc: BaseException | None = None) -> None:
    session = g.pop(_SESSION_KEY, None)
    if session is not None:
        session.close()
