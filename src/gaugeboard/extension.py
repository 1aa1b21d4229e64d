"""Mount gaugeboard into a Flask app: ``Gaugeboard(app, url_prefix="/gaugeboard")``.

Everything is registered on one blueprint, so the host's templates, static folder, error
handlers, JSON provider and session stay as they were: gaugeboard's templates live under
``gaugeboard/``, its JSON is written with the standard library, its errors are handled by
blueprint handlers, and its login uses its own cookie signed by its own key.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, default_exceptions

from gaugeboard.alerts.evaluation import Evaluator
from gaugeboard.alerts.jobs import register_alert_jobs
from gaugeboard.alerts.numbers import NumberParts
from gaugeboard.alerts.service import AlertEnv
from gaugeboard.api.blueprint import build_api_blueprint
from gaugeboard.api.jupyter_api import build_jupyter_blueprint
from gaugeboard.api.status_api import register_flask_status
from gaugeboard.api.tracking_api import build_tracking_blueprint
from gaugeboard.auth.access import Access, access
from gaugeboard.config import ENV_PREFIX, Settings, resolve_settings
from gaugeboard.dashboards.view_counter import ViewCounter
from gaugeboard.data_dir import load_or_create_secret_key, make_private_dirs, prepare_data_dir
from gaugeboard.datasets.jobs import register_dataset_jobs
from gaugeboard.datasets.provider import DatasetRows, nobody
from gaugeboard.datasets.service import DatasetPlace
from gaugeboard.datasets.sources import SourceParts
from gaugeboard.errors import ConfigurationError, GaugeboardError, MethodNotAllowed, NotFound
from gaugeboard.events.engine import sealed_cache
from gaugeboard.events.group_commit import GroupCommitter
from gaugeboard.events.sealing_job import SealingJob
from gaugeboard.http.error_pages import (
    handle_gaugeboard_error,
    handle_http_exception,
    handle_unexpected,
)
from gaugeboard.http.guard import guard_request
from gaugeboard.http.headers import add_security_headers
from gaugeboard.http.jsondash_host import jsondash_settings, taken_settings
from gaugeboard.http.local_fetch import local_fetch_for
from gaugeboard.http.session_cookie import resend_renewed_cookie
from gaugeboard.jobs.dashboard_refresh import RefreshParts
from gaugeboard.jobs.setup import build_runner
from gaugeboard.monitor.routes import RouteSelection
from gaugeboard.monitor.status_monitor import MonitorSettings, StatusMonitor
from gaugeboard.monitor.webhooks import WebhookSender
from gaugeboard.notebooks.run_requests import register_notebook_jobs
from gaugeboard.notebooks.runs import RunParts
from gaugeboard.notify.service import Notifier
from gaugeboard.render import chart_pool
from gaugeboard.render.thumbnails import FOLDER as THUMBNAILS_FOLDER
from gaugeboard.render.thumbnails import ThumbnailStore, register_render_jobs
from gaugeboard.reports.images import FOLDER as REPORT_IMAGES_FOLDER
from gaugeboard.reports.images import ReportImages
from gaugeboard.reports.jobs import register_report_jobs
from gaugeboard.reports.sending import ReportSender
from gaugeboard.reports.service import ReportEnv
from gaugeboard.state import (
    EXTENSION_KEY,
    GaugeboardState,
    close_db_session,
    start_background_jobs,
)
from gaugeboard.store import migrate
from gaugeboard.store.database import Database, check_connection, open_database
from gaugeboard.web.blueprint import build_web_blueprint
from gaugeboard.web.status_views import build_status_blueprint

DEFAULT_URL_PREFIX = "/gaugeboard"
SQLITE_FILE = "gaugeboard.db"


def normalise_prefix(url_prefix: str) -> str:
    prefix = "/" + url_prefix.strip().strip("/")
    return "" if prefix == "/" else prefix


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_FILE}"


def open_catalog(settings: Settings, data_dir: Path) -> Database:
    """Open, check and (when allowed) migrate the catalog database."""
    url = settings["DATABASE_URL"] or default_database_url(data_dir)
    database = open_database(url, settings["SQLITE_BUSY_TIMEOUT_MS"])
    try:
        check_connection(database)
        if settings["AUTO_UPGRADE"]:
            migrate.upgrade(database)
        elif not migrate.is_up_to_date(database):
            raise ConfigurationError(
                [
                    "GAUGEBOARD_DATABASE_URL: the catalog schema is out of date; "
                    "run `gaugeboard db upgrade`"
                ]
            )
    except ConfigurationError:
        database.dispose()
        raise
    return database


CATCH_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


@access(Access.PUBLIC)
def _not_found(rest: str) -> Response:
    """Unknown path under the prefix → 404; known path, wrong method → 405 with Allow."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = set()
    for method in CATCH_ALL_METHODS:
        try:
            endpoint, _args = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != "gaugeboard.not_found":
            allowed.add(method)
    if allowed:
        raise MethodNotAllowed(allowed | {"OPTIONS"})
    raise NotFound()


def install_request_handling(bp: Blueprint) -> None:
    """Guard, headers, catalog session and error pages of every gaugeboard blueprint."""
    bp.before_request(start_background_jobs)
    bp.before_request(guard_request)
    bp.after_request(add_security_headers)
    bp.after_request(resend_renewed_cookie)
    bp.teardown_request(close_db_session)
    bp.register_error_handler(GaugeboardError, handle_gaugeboard_error)
    # Flask prefers a host's handler for a status code over a blueprint's class handler,
    # so gaugeboard registers one per code for errors raised inside its own views.
    for code in default_exceptions:
        bp.register_error_handler(code, handle_http_exception)
    bp.register_error_handler(Exception, handle_unexpected)


def build_blueprint(mounted_in_host: bool) -> Blueprint:
    """The parent blueprint: request handling, and the web and API children."""
    bp = Blueprint("gaugeboard", __name__)
    install_request_handling(bp)
    bp.register_blueprint(build_web_blueprint())
    bp.register_blueprint(build_api_blueprint())
    bp.register_blueprint(build_tracking_blueprint())
    bp.register_blueprint(build_jupyter_blueprint())
    if mounted_in_host:
        # Unknown paths under the prefix get gaugeboard's error body, not the host's page.
        bp.add_url_rule(
            "/<path:rest>", view_func=_not_found, endpoint="not_found", methods=CATCH_ALL_METHODS
        )
    return bp


def host_api_secret(app: Flask) -> str:
    """FlaskStatus's ``API_SECRET`` (used when ``API_ENABLED``). Its code only worked with
    values that already began with ``Bearer ``, so that prefix is dropped."""
    if not app.config.get("API_ENABLED"):
        return ""
    secret = app.config.get("API_SECRET")
    if not isinstance(secret, str):
        return ""
    return secret.removeprefix("Bearer ").strip()


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def start_monitor(
    app: Flask, database: Database, settings: Settings, mounted_in_host: bool
) -> StatusMonitor:
    selection = RouteSelection(split_list(settings["STATUS_ROUTES"]), mounted_in_host)
    webhooks = WebhookSender(
        split_list(settings["STATUS_WEBHOOK_URLS"]), settings["URL_ALLOW_PRIVATE"]
    )
    return StatusMonitor(
        app, database, selection, MonitorSettings.from_settings(settings.values), webhooks
    )


def _job_datasets(place: DatasetPlace, db: Session) -> DatasetRows:
    """Data sets for a background job's widgets, read as a caller with no user."""
    return DatasetRows(db, place, nobody(db))


# Host callables, not settings: permission hooks and document metadata (jsondash-style).
HOOK_CONFIG_KEYS = frozenset({"GAUGEBOARD_AUTH", "GAUGEBOARD_METADATA"})


class Gaugeboard:
    """The gaugeboard extension; ``create_app`` uses it too, mounted at the root."""

    def __init__(
        self,
        app: Flask | None = None,
        url_prefix: str = DEFAULT_URL_PREFIX,
        overrides: dict[str, Any] | None = None,
        status_routes: Sequence[str] | None = None,
        status_url: str | None = None,
    ) -> None:
        self.url_prefix = normalise_prefix(url_prefix)
        self.overrides = dict(overrides or {})
        if status_routes is not None:
            self.overrides["STATUS_ROUTES"] = ",".join(status_routes)
        if status_url is not None:
            self.overrides["STATUS_URL"] = status_url
        self.default_data_dir: Path | None = None
        self.state: GaugeboardState | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        config_overrides = {
            key: value
            for key, value in app.config.items()
            if key.startswith(ENV_PREFIX) and key not in HOOK_CONFIG_KEYS
        }
        # jsondash's flags, where no gaugeboard name sets the same thing.
        environment = {key: "" for key in os.environ if key.startswith(ENV_PREFIX)}
        taken = taken_settings(config_overrides, self.overrides, environment)
        from_jsondash = jsondash_settings(app.config, taken)
        settings = resolve_settings({**from_jsondash, **config_overrides, **self.overrides})
        data_dir = self._data_dir(app, settings)
        secret_key = settings["SECRET_KEY"] or load_or_create_secret_key(data_dir)
        database = open_catalog(settings, data_dir)
        self.state = GaugeboardState(settings, database, data_dir, secret_key, self.url_prefix)
        make_private_dirs(self.state.datasets.root)
        self.state.committer = GroupCommitter(database)
        self.state.views = ViewCounter(database, settings["DASHBOARD_VIEW_FLUSH_SECONDS"])
        chart_pool.configure(settings["SNAPSHOT_PROCESSES"])
        sealed_cache(self.state.segments_dir).configure(settings["EVENT_MEMORY_ROWS"])
        self.state.sealing_job = SealingJob(
            database, self.state.segments_dir, settings["EVENT_RETENTION_DAYS"]
        )
        logging.getLogger("gaugeboard").setLevel(settings["LOG_LEVEL"])
        app.extensions[EXTENSION_KEY] = self.state
        for name, value in settings.values.items():
            app.config.setdefault(ENV_PREFIX + name, value)
        mounted_in_host = self.default_data_dir is None
        app.register_blueprint(build_blueprint(mounted_in_host), url_prefix=self.url_prefix or None)
        self.state.status_api_secret = settings["STATUS_API_SECRET"] or host_api_secret(app)
        if settings["STATUS_ENABLED"]:
            self.state.monitor = start_monitor(app, database, settings, mounted_in_host)
            status_bp = build_status_blueprint(self.state.status_url)
            register_flask_status(status_bp)
            install_request_handling(status_bp)
            app.register_blueprint(status_bp)
        monitor = self.state.monitor
        refresh = RefreshParts(
            cache=self.state.dashboard_cache,
            segments_dir=self.state.segments_dir,
            failure_rule=monitor.settings.failure_rule if monitor is not None else None,
            local_fetch=local_fetch_for(app),
            datasets=partial(_job_datasets, self.state.datasets),
        )
        datasets = SourceParts(
            settings.values,
            self.state.segments_dir,
            self.state.datasets,
            refresh.local_fetch,
        )
        evaluator = Evaluator(
            database,
            NumberParts(
                self.state.segments_dir,
                float(settings["EVENT_QUERY_TIMEOUT_SECONDS"]),
                self.state.datasets,
                refresh.failure_rule,
            ),
            Notifier(database, settings.values),
        )
        self.state.alerts = AlertEnv(settings.values, evaluator)
        self.state.thumbnails = ThumbnailStore(
            data_dir / THUMBNAILS_FOLDER, refresh, settings.values
        )
        report_sender = ReportSender(
            refresh,
            settings.values,
            evaluator.notifier,
            ReportImages(data_dir / REPORT_IMAGES_FOLDER),
            self.state.secret_key,
        )
        self.state.reports = ReportEnv(settings.values, report_sender)
        self.state.jobs = build_runner(
            database,
            settings,
            data_dir,
            self.state.sealing_job,
            monitor,
            refresh,
            plugins=[
                partial(register_dataset_jobs, parts=datasets),
                partial(
                    register_render_jobs,
                    store=self.state.thumbnails,
                    every_seconds=settings["THUMBNAIL_REFRESH_SECONDS"],
                ),
                partial(
                    register_notebook_jobs,
                    parts=RunParts(self.state.notebooks, self.state.datasets),
                    settings=settings,
                ),
                partial(register_alert_jobs, evaluator=evaluator, settings=settings),
                partial(register_report_jobs, sender=report_sender, settings=settings),
            ],
        )

    def _data_dir(self, app: Flask, settings: Settings) -> Path:
        if settings["DATA_DIR"]:
            return prepare_data_dir(Path(settings["DATA_DIR"]))
        fallback = self.default_data_dir or Path(app.instance_path) / "gaugeboard"
        return prepare_data_dir(fallback)
