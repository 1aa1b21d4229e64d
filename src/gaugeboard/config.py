"""The one table of settings: defaults, environment variables, overrides and their docs.

Every setting has a name, a type, a default and a help text. The same table drives the
``GAUGEBOARD_<NAME>`` environment variables, the values in ``app.config``, and the
generated reference in ``docs/configuration.md`` (a test keeps that file in step).
Precedence: defaults < environment < ``create_app(overrides)``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gaugeboard.errors import ConfigurationError
from gaugeboard.failure_rule import parse_failure_rule

ENV_PREFIX = "GAUGEBOARD_"


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of true/false/1/0/yes/no/on/off")


def _parse_positive_int(raw: str) -> int:
    value = int(raw.strip())
    if value < 1:
        raise ValueError("must be a whole number of at least 1")
    return value


def _parse_non_negative_int(raw: str) -> int:
    value = int(raw.strip())
    if value < 0:
        raise ValueError("must be a whole number of at least 0")
    return value


def _parse_page_size(raw: str) -> int:
    value = int(raw.strip())
    if not 2 <= value <= 500:
        raise ValueError("must be a whole number from 2 to 500")
    return value


def _parse_public_url(raw: str) -> str:
    value = raw.strip().rstrip("/")
    if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise ValueError("must be an http(s) address such as https://gaugeboard.example")
    return value


def _parse_str(raw: str) -> str:
    return raw.strip()


def _parse_log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return level


def _parse_access(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"public", "login"}:
        raise ValueError("must be 'public' or 'login'")
    return value


def _parse_jobs_backend(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"thread", "celery"}:
        raise ValueError("must be 'thread' or 'celery'")
    return value


ACCOUNT_LIMIT_NAMES = (
    "users",
    "dashboards",
    "datasets",
    "rows",
    "events",
    "storage_bytes",
    "requests_month",
)


def parse_account_limits(raw: str) -> dict[str, int]:
    """``users=50,rows=10000000``: a limit per name; a name left out is unlimited."""
    limits: dict[str, int] = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in ACCOUNT_LIMIT_NAMES:
            raise ValueError(f"{name!r} is not a limit ({', '.join(ACCOUNT_LIMIT_NAMES)})")
        if not value.strip().isdigit():
            raise ValueError(f"{name}: the limit must be a whole number")
        limits[name] = int(value.strip())
    return limits


def _parse_account_limits(raw: str) -> str:
    parse_account_limits(raw)
    return raw.strip()


def _parse_rate(raw: str) -> float:
    value = float(raw.strip())
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be a number from 0 to 1")
    return value


def _parse_failure_codes(raw: str) -> str:
    parse_failure_rule(raw)
    return raw.strip()


def _parse_url_list(raw: str) -> str:
    for part in raw.split(","):
        url = part.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"{url!r} is not an http(s) URL")
    return raw.strip()


def _parse_host_list(raw: str) -> str:
    for part in raw.split(","):
        host = part.strip().lower().removeprefix("*.")
        if host and not all(label.isalnum() or "-" in label for label in host.split(".")):
            raise ValueError(f"{part.strip()!r} is not a host name")
    return raw.strip()


def _parse_address_domains(raw: str) -> str:
    if raw.strip() == "*":
        return "*"
    return _parse_host_list(raw)


def _parse_smtp_security(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"starttls", "ssl", "none"}:
        raise ValueError("must be 'starttls', 'ssl' or 'none'")
    return value


def _parse_url_path(raw: str) -> str:
    value = raw.strip()
    if not value.strip("/"):
        raise ValueError("must name a path such as /status")
    return value


_SOURCE = re.compile(r"^(?:https?://)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?$")


def _parse_source_list(raw: str) -> str:
    """A CSP source list of origins, or ``'self'``/``'none'``; nothing that could end the
    directive or add another one."""
    sources = raw.split()
    if sources == ["'none'"]:
        return "'none'"
    for source in sources:
        if source != "'self'" and not _SOURCE.match(source.lower()):
            raise ValueError(
                f"{source!r} is not an origin such as https://intranet.example.com "
                "(or 'self'; 'none' only on its own)"
            )
    if not sources:
        raise ValueError("name at least one origin, or 'none'")
    return " ".join(sources)


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, default, parser and the sentence documenting it."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]
    type_name: str

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name

    def documented_default(self) -> str:
        if self.default is None or self.default == "":
            return "(unset)"
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATA_DIR",
        "",
        "Instance folder for the SQLite catalog, the generated secret key and stored files. "
        "Unset: `./instance` for the standalone server, `<host instance_path>/gaugeboard` "
        "inside a host app.",
        _parse_str,
        "path",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "SQLAlchemy URL of the catalog database. Unset: `sqlite:///<DATA_DIR>/gaugeboard.db`. "
        "PostgreSQL: `postgresql+psycopg://user:password@host/dbname` "
        "(install `gaugeboard[postgres]`).",
        _parse_str,
        "url",
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Key that signs sessions and embed tokens. Unset: a random key is generated on first "
        "start and kept in `<DATA_DIR>/secret_key` (mode 0600). There is no fixed default.",
        _parse_str,
        "secret",
    ),
    Setting(
        "AUTO_UPGRADE",
        True,
        "Apply pending catalog migrations when the app starts (safe with several processes). "
        "Off: run `gaugeboard db upgrade` yourself; the app refuses to start on an old schema.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "SQLITE_BUSY_TIMEOUT_MS",
        10_000,
        "How long a SQLite writer waits for a lock held by another process before failing.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "MAX_REQUEST_BYTES",
        10 * 1024 * 1024,
        "Largest request body accepted; larger bodies get 413 and nothing is written.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "SESSION_HOURS",
        12,
        "How long a browser login lasts without activity, in hours.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "SESSION_COOKIE_SECURE",
        False,
        "Send the session cookie over HTTPS only. Turn on behind TLS.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "LOGIN_MAX_ATTEMPTS",
        10,
        "Failed logins allowed per user name and per client address within "
        "LOGIN_WINDOW_SECONDS; further attempts get 429 until the window passes.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "LOGIN_WINDOW_SECONDS",
        300,
        "Length of the login rate-limit window, in seconds.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "TOKEN_DAYS",
        0,
        "Lifetime of new API tokens in days; 0 means they last until revoked.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "OAUTH_TOKEN_SECONDS",
        3600,
        "Lifetime of the access tokens OAuth clients get from `POST /api/oauth/token`, in "
        "seconds (clients fetch a new one before it runs out).",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "BASIC_AUTH",
        True,
        "Accept `Authorization: Basic` on API calls (a user's name and password, plain or in "
        "ClicData's spelling), checked like a sign-in under the same rate limit "
        "(LOGIN_MAX_ATTEMPTS). Off: only tokens and sessions.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "FRAME_ANCESTORS",
        "'none'",
        "Value of the Content-Security-Policy `frame-ancestors` directive: which sites may "
        "frame gaugeboard pages.",
        _parse_str,
        "csp source list",
    ),
    Setting(
        "EMBED_FRAME_ANCESTORS",
        "'none'",
        "Sites that may frame dashboards opened with an embed token (space-separated origins "
        "such as `https://intranet.example.com`); `frame-ancestors` of embed responses only. "
        "`'none'`: embed links open on their own but no site may frame them.",
        _parse_source_list,
        "csp source list",
    ),
    Setting(
        "DASHBOARD_ACCESS",
        "login",
        "`login`: dashboards need a signed-in user or token. `public`: anyone may view "
        "them (editing still needs a login).",
        _parse_access,
        "public|login",
    ),
    Setting(
        "EVENT_SEGMENTS_DIR",
        "",
        "Folder of sealed event segments (Parquet). Unset: `<DATA_DIR>/events`. Hosts that "
        "share one PostgreSQL catalog must share this folder too.",
        _parse_str,
        "path",
    ),
    Setting(
        "EVENT_RETENTION_DAYS",
        0,
        "Events older than this many days are dropped, a whole segment (a calendar month "
        "once compacted) at a time; "
        "0 keeps them forever.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "EVENT_SEAL_SECONDS",
        60,
        "How often the `events.seal` job is due: it seals the event tail into Parquet "
        "segments, compacts and drops expired ones (a system schedule on the jobs page, run "
        "once per due time by whichever process claims it); 0 removes the schedule "
        "(run `gaugeboard events seal` from cron instead).",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "EVENT_QUERY_TIMEOUT_SECONDS",
        30,
        "An analytics query running longer than this is stopped and answered with a clear "
        "error (504) instead of holding the server.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "EVENT_QUERY_THREADS",
        4,
        "A dashboard request runs its widgets' event queries on up to this many threads at "
        "once (each with its own catalog session and DuckDB cursor); 1 runs them one after "
        "another.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "EVENT_MEMORY_ROWS",
        1_000_000,
        "While the sealed events number at most this many, each server process keeps a copy "
        "of them in memory (70-120 MB per million events with small properties, dropped past "
        "1 GB; rebuilt after each seal): "
        "queries that scan them run 1.3-1.6 times faster than on the Parquet files. "
        "0 always reads the files.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "STATUS_ENABLED",
        True,
        "Record every request of the app (route rule, method, status, duration, size) as "
        "per-minute rollups and serve the status page. Off: nothing is recorded and the "
        "status routes answer 404.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "STATUS_ACCESS",
        "login",
        "`login`: the status page, its feed and `/api/status` need a signed-in user or "
        "token. `public`: anyone may read them (changes still need an admin).",
        _parse_access,
        "public|login",
    ),
    Setting(
        "STATUS_URL",
        "/status",
        "Path of the status page in the app (a leading slash is added when missing); its "
        "incident history and feed live beneath it.",
        _parse_url_path,
        "path",
    ),
    Setting(
        "STATUS_ROUTES",
        "",
        "Comma-separated route rules shown on the status page (e.g. `/,/user/<id>`). Unset: "
        "in a host app, every host route except static files; standalone, gaugeboard's "
        "public entry points (event tracking and pages), never its JSON API or admin pages.",
        _parse_str,
        "list",
    ),
    Setting(
        "STATUS_FAILURE_CODES",
        "5xx",
        "Which responses count as failures: a comma-separated list of codes and classes "
        "(`5xx,429`), or `reference` for FlaskStatus's list (404, 500, 502, 503, 504). "
        "Other 4xx responses are counted as client errors and are not an outage.",
        _parse_failure_codes,
        "codes",
    ),
    Setting(
        "STATUS_MAJOR_OUTAGE_BELOW",
        0.3,
        "A period whose success rate is below this is a major outage; below 1 it is a "
        "partial outage (FlaskStatus's thresholds).",
        _parse_rate,
        "rate",
    ),
    Setting(
        "STATUS_FLUSH_SECONDS",
        5,
        "How often each process writes its in-memory request counts to the database "
        "(and once more at exit); 0 turns the timer off (counts are written at exit only).",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "STATUS_MINUTE_HOURS",
        6,
        "Per-minute rows older than this many hours are compacted into hourly rows.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "STATUS_HOUR_DAYS",
        14,
        "Hourly rows older than this many days are compacted into daily rows.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "STATUS_RETENTION_DAYS",
        400,
        "Daily rows older than this many days are deleted; 0 keeps them forever.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "STATUS_INCIDENT_WINDOW_MINUTES",
        5,
        "Length of the window over which a route's failure rate opens or closes an "
        "automatic incident.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "STATUS_INCIDENT_OPEN_RATE",
        0.5,
        "An automatic incident opens when a route's failure rate over the window reaches "
        "this (with at least STATUS_INCIDENT_MIN_REQUESTS requests).",
        _parse_rate,
        "rate",
    ),
    Setting(
        "STATUS_INCIDENT_CLOSE_RATE",
        0.05,
        "An automatic incident closes when the route's failure rate over the window is "
        "at or below this, with at least one request.",
        _parse_rate,
        "rate",
    ),
    Setting(
        "STATUS_INCIDENT_MIN_REQUESTS",
        10,
        "Fewest requests in the window before a failure rate can open an incident.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "STATUS_WEBHOOK_URLS",
        "",
        "Comma-separated http(s) URLs that receive a JSON POST when an incident opens or "
        "closes. Private and loopback addresses need URL_ALLOW_PRIVATE.",
        _parse_url_list,
        "list",
    ),
    Setting(
        "STATUS_API_SECRET",
        "",
        "Secret for `PUT|DELETE /flask-status/configure` (`Authorization: Bearer <secret>`), "
        "compared in constant time. Unset: only admin API tokens may configure routes. "
        "Inside a host app, `API_SECRET` with `API_ENABLED` (FlaskStatus's settings) also work.",
        _parse_str,
        "secret",
    ),
    Setting(
        "URL_ALLOW_PRIVATE",
        False,
        "Allow server-side requests (webhooks, URL data sources) to private, loopback and "
        "link-local addresses. Off by default so user-supplied URLs cannot reach the "
        "server's own network.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "URL_ALLOWED_HOSTS",
        "",
        "Comma-separated host names that URL data sources may fetch from (`*.example.com` "
        "matches subdomains). Unset: any public host. Private addresses still need "
        "URL_ALLOW_PRIVATE.",
        _parse_host_list,
        "list",
    ),
    Setting(
        "URL_TIMEOUT_SECONDS",
        10,
        "Time limit of one URL data source fetch (connect and read), in seconds.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "URL_MAX_BYTES",
        10_000_000,
        "Largest response body a URL data source may return, in bytes.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "URL_MAX_REDIRECTS",
        3,
        "Redirects a URL data source may follow; each target is checked like the first URL.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "DASHBOARD_CACHE_SECONDS",
        60,
        "How long a widget's source data is served from the cache before it is fetched again "
        "(a widget's own `refresh` is used when shorter). 0 turns the cache off.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "DASHBOARD_CACHE_STALE_SECONDS",
        300,
        "After expiry, how long stale data may still be served while one request fetches "
        "fresh data (stale-while-revalidate).",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "DASHBOARD_CACHE_ENTRIES",
        2000,
        "Most source results kept in each process's dashboard data cache.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "THUMBNAIL_REFRESH_SECONDS",
        300,
        "How often the `render.thumbnails` job is due: it redraws the Browse page's thumbnail "
        "of each dashboard whose document or data changed since its last drawing (a system "
        "schedule, run once per due time); 0 removes the schedule (a missing thumbnail is "
        "still drawn once when first asked for).",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "SNAPSHOT_PROCESSES",
        0,
        "How many renderer processes draw a snapshot's charts side by side (snapshots, "
        "thumbnails, report images); each holds its own Vega runtime, about 150-250 MB. "
        "0 or 1 draws them in the server's process, one after another.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "DASHBOARD_FILTER_USERS",
        False,
        "List only the dashboards a user created (plus global ones when DASHBOARD_GLOBAL is "
        "on), like jsondash's JSONDASH_FILTERUSERS. Admins see all.",
        _parse_bool,
        "bool",
    ),
    Setting(
        "DASHBOARD_GLOBAL",
        True,
        "Allow global dashboards, shown to everyone even with DASHBOARD_FILTER_USERS "
        "(jsondash's JSONDASH_GLOBALDASH).",
        _parse_bool,
        "bool",
    ),
    Setting(
        "DASHBOARD_PAGE_SIZE",
        25,
        "Rows per page of the Browse page (folders and dashboards), 2-500 (jsondash's "
        "JSONDASH_MAX_PERPAGE).",
        _parse_page_size,
        "int",
    ),
    Setting(
        "DASHBOARD_GLOBAL_USER",
        "global",
        "Owner name that marks a dashboard global in imported jsondash documents "
        "(jsondash's JSONDASH_GLOBAL_USER).",
        _parse_str,
        "str",
    ),
    Setting(
        "DATASET_QUERY_TIMEOUT_SECONDS",
        30,
        "A data set query (rows through `/api/data`, a dashboard's `dataset` source) running "
        "longer than this is stopped and answered with a clear error (504).",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "DATASET_MAX_UPLOAD_BYTES",
        512 * 1024 * 1024,
        "Largest CSV upload to `POST /api/data/{id}/row` (`Content-Type: text/csv`); larger "
        "uploads get 413 and nothing is written. The rows are checked and staged on disk as "
        "they arrive, so memory stays small whatever the size. JSON bodies keep "
        "MAX_REQUEST_BYTES.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Number of reverse proxies in front of the standalone server whose X-Forwarded-* "
        "headers are trusted (client address for rate limits, scheme, host).",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "JOBS_BACKEND",
        "thread",
        "Where background jobs run. `thread`: a small thread pool in each process that runs "
        "jobs (the server, or `gaugeboard worker`). `celery`: on Celery workers started with "
        "`gaugeboard worker`, through the broker in `JOBS_BROKER_URL`. Either way each due "
        "time is claimed once through the catalog.",
        _parse_jobs_backend,
        "thread|celery",
    ),
    Setting(
        "JOBS_BROKER_URL",
        "",
        "The Celery broker when `JOBS_BACKEND` is `celery`, e.g. `redis://127.0.0.1:6379/0` "
        "or `amqp://guest:guest@127.0.0.1:5672//`.",
        _parse_str,
        "url",
    ),
    Setting(
        "JOBS_POLL_SECONDS",
        2,
        "How often a process that runs jobs looks for due schedules and ready runs. 0: this "
        "process runs no jobs and queues none by itself (set it on web servers when "
        "`gaugeboard worker` processes do the work; a worker given 0 looks every 2 s). "
        "See docs/jobs.md.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "JOBS_THREADS",
        2,
        "Runs at once in one process with the `thread` backend (and Celery worker "
        "processes per `gaugeboard worker` with the `celery` backend); "
        "`gaugeboard worker --threads N` overrides it.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "JOBS_MAX_RUNNING",
        0,
        "Runs at once across every process and worker; 0: only the per-process and per-type "
        "limits apply.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "JOBS_HEARTBEAT_SECONDS",
        10,
        "How often a running job records that its worker is alive (and its progress). A run "
        "whose worker has been silent for three beats is retried or failed.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "ACCOUNT_LIMITS",
        "",
        "Limits `GET /api/account` reports usage against, as `name=number` pairs separated "
        "by commas: `users`, `dashboards`, `datasets`, `rows`, `events`, `storage_bytes`, "
        "`requests_month`. A name left out is unlimited.",
        _parse_account_limits,
        "list",
    ),
    Setting(
        "DASHBOARD_VIEW_FLUSH_SECONDS",
        10,
        "Dashboard and notebook views are counted in memory and written at most this often "
        "per process (and at exit), for account activity.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "DATASET_VERSION_DAYS",
        30,
        "Past versions of a data set stay readable for this many days; the daily "
        "`datasets.vacuum` job then deletes their files and history. Data sets created with "
        "versions off keep only the current one; 0 does the same for all.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_MAX_UPLOAD_BYTES",
        50 * 1024 * 1024,
        "Largest notebook or zip bundle `POST /_api/notebooks/…` accepts, in bytes (this "
        "route's own body limit, instead of MAX_REQUEST_BYTES); larger uploads get 413.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_MAX_UNPACKED_BYTES",
        200 * 1024 * 1024,
        "Most bytes a zip bundle may unpack to, counted while unpacking (a zip bomb is "
        "refused with 413 before it fills the disk); also the largest `.ipynb` read.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_MAX_ENTRIES",
        1000,
        "Most files and folders a zip bundle may hold.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_CACHE_ENTRIES",
        200,
        "Most rendered notebook versions kept in each process's render cache.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_CELL_TIMEOUT_SECONDS",
        120,
        "Longest one cell of a notebook run may take; the run then fails with the cell's "
        "number, and its kernel is shut down.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_RUN_TIMEOUT_SECONDS",
        600,
        "Longest a whole notebook run (or one cell run) may take; its kernel is then killed.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_MEMORY_LIMIT_MB",
        2048,
        "Address space a notebook's kernel may use, in MiB (`RLIMIT_AS`, set in the kernel "
        "process before it starts, where the platform has `resource` limits); 0: no limit.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_MAX_KERNELS",
        2,
        "Notebook kernels running at once: `notebook.run` jobs across every worker, and in "
        "each process cell runs and runs together.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_PARAM_CACHE_SECONDS",
        600,
        "How long the outputs of a run with given parameter values are reused for the same "
        "values of the same notebook version.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "NOTEBOOK_VIEWER_RUNS_PER_MINUTE",
        6,
        "Parameterised runs and cell runs a user who may not edit a notebook can start per "
        "minute (cached answers are free); editors are not limited.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "SMTP_HOST",
        "",
        "Mail server that alert (and report) emails go through; empty: email channels are "
        "off and an email recipient is refused. See docs/reports-and-alerts.md.",
        _parse_str,
        "str",
    ),
    Setting(
        "SMTP_PORT",
        587,
        "Port of SMTP_HOST (587 for STARTTLS, 465 for SSL, 25 for a local relay).",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "SMTP_SECURITY",
        "starttls",
        "How the SMTP connection is protected: `starttls` (upgrade a plain connection), "
        "`ssl` (TLS from the first byte, usually port 465) or `none` (a local relay only).",
        _parse_smtp_security,
        "str",
    ),
    Setting("SMTP_USER", "", "User name for SMTP login; empty: no login.", _parse_str, "str"),
    Setting(
        "SMTP_PASSWORD",
        "",
        "Password for SMTP login (masked in the settings page and API).",
        _parse_str,
        "str",
    ),
    Setting(
        "SMTP_FROM",
        "gaugeboard@localhost",
        "The From address of every email gaugeboard sends.",
        _parse_str,
        "str",
    ),
    Setting(
        "SMTP_TIMEOUT_SECONDS",
        10,
        "Longest gaugeboard waits on the mail server for one message.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTIFY_ALLOW_ADDRESSES",
        "",
        "Plain email addresses (not a user or a team) that alerts may send to: empty "
        "refuses them all, `*` allows any, or a comma-separated list of domains "
        "(`example.com`, `*.example.com` for its subdomains). Users and teams are always "
        "allowed.",
        _parse_address_domains,
        "list",
    ),
    Setting(
        "NOTIFY_WEBHOOK_TIMEOUT_SECONDS",
        5,
        "Longest a webhook channel's receiver may take to answer. Webhook URLs follow the "
        "URL_ALLOW_PRIVATE and URL_ALLOWED_HOSTS rules.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTIFY_RETRY_ATTEMPTS",
        3,
        "Times a failed delivery (email or webhook) is tried in all; the later tries are "
        "made by the `notify.retry` job.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "NOTIFY_RETRY_SECONDS",
        60,
        "Wait before the second try of a failed delivery; it doubles for each later try. "
        "The `notify.retry` job looks for due retries this often.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "ALERT_EVALUATE_SECONDS",
        60,
        "How often the `alerts.evaluate` job evaluates every alert (all of them in one "
        "pass, identical queries run once); 0: alerts are evaluated only on request.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "REPORT_CHECK_SECONDS",
        60,
        "How often the `reports.send` job looks for scheduled reports that are due (a report "
        "is sent at the first check after its cron time); 0: reports are sent only on request.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "REPORT_LINK_SECONDS",
        7 * 24 * 3600,
        "How long the signed image link in a report's webhook works, in seconds; the image is "
        "deleted after that.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "REPORT_SEND_LEASE_SECONDS",
        600,
        "How long a process may go without news while drawing and sending a report run "
        "(it renews this lease before each recipient). A run left sending longer, by a "
        "server that stopped mid-send, is taken over by the `reports.send` job and sent to "
        "the recipients that have not had it yet.",
        _parse_positive_int,
        "int",
    ),
    Setting(
        "ALERT_HISTORY_DAYS",
        90,
        "Days an alert's evaluations and notifications are kept; the daily `history.prune` "
        "job deletes older ones, except each alert's newest evaluation and its newest 50 "
        "state changes (its page lists them) and deliveries still being retried. 0: kept "
        "for ever.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "REPORT_HISTORY_DAYS",
        90,
        "Days report runs are kept with their deliveries and images; the daily "
        "`history.prune` job deletes older ones (a run still sending or waiting for a "
        "retry is kept). 0: kept for ever.",
        _parse_non_negative_int,
        "int",
    ),
    Setting(
        "PUBLIC_URL",
        "",
        "The address people open gaugeboard at (`https://gaugeboard.example`), used for the "
        "links in reports. Empty: the address the report was last saved through.",
        _parse_public_url,
        "url",
    ),
    Setting(
        "LOG_LEVEL",
        "INFO",
        "Level of gaugeboard's own log messages.",
        _parse_log_level,
        "level",
    ),
)

SETTINGS_BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings, read once when the app is assembled."""

    values: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def data_dir(self) -> Path:
        return Path(self.values["DATA_DIR"])


def _coerce_override(setting: Setting, value: Any) -> Any:
    if isinstance(value, str):
        return setting.parse(value)
    if isinstance(setting.default, bool) and not isinstance(value, bool):
        raise ValueError("expected true or false")
    if isinstance(setting.default, int) and not isinstance(setting.default, bool):
        return setting.parse(str(value))
    return value


def resolve_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults, environment and overrides; report every invalid value at once."""
    env = os.environ if environ is None else environ
    given = {_strip_prefix(key): value for key, value in (overrides or {}).items()}
    problems: list[str] = []
    unknown = sorted(set(given) - set(SETTINGS_BY_NAME))
    problems.extend(f"{ENV_PREFIX}{name}: unknown setting" for name in unknown)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        try:
            if setting.name in given:
                values[setting.name] = _coerce_override(setting, given[setting.name])
            elif setting.env_var in env:
                values[setting.name] = setting.parse(env[setting.env_var])
            else:
                values[setting.name] = setting.default
        except ValueError as exc:
            problems.append(f"{setting.env_var}: {_reason(exc)}")
    problems.extend(_conflicts(values))
    if problems:
        raise ConfigurationError(problems)
    return Settings(values)


def _conflicts(values: Mapping[str, Any]) -> list[str]:
    """Problems of settings that are each valid but do not go together."""
    if values.get("JOBS_BACKEND") == "celery" and not values.get("JOBS_BROKER_URL"):
        return [f"{ENV_PREFIX}JOBS_BROKER_URL: required when {ENV_PREFIX}JOBS_BACKEND is celery"]
    return []


def _strip_prefix(key: str) -> str:
    return key[len(ENV_PREFIX) :] if key.startswith(ENV_PREFIX) else key


def _reason(exc: ValueError) -> str:
    text = str(exc)
    if text.startswith("invalid literal for int()"):
        return "must be a whole number"
    return text


def settings_markdown() -> str:
    """The settings reference table, as kept in docs/configuration.md."""
    lines = [
        "| Environment variable | Type | Default | What it does |",
        "| --- | --- | --- | --- |",
    ]
    for setting in SETTINGS:
        lines.append(
            f"| `{setting.env_var}` | {setting.type_name} | "
            f"`{setting.documented_default()}` | {setting.help} |"
        )
    return "\n".join(lines) + "\n"


MASKED = {
    "SECRET_KEY",
    "DATABASE_URL",
    "STATUS_API_SECRET",
    "STATUS_WEBHOOK_URLS",
    "JOBS_BROKER_URL",
    "SMTP_PASSWORD",
}


def settings_items(values: Settings) -> list[dict[str, Any]]:
    """Every setting as the API and the admin page show it, secrets masked."""
    return [
        {
            "name": setting.name,
            "env": setting.env_var,
            "type": setting.type_name,
            "default": setting.default,
            "value": "(set)"
            if setting.name in MASKED and values[setting.name]
            else values[setting.name],
            "help": setting.help,
        }
        for setting in SETTINGS
    ]
