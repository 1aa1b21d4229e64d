"""The pages every page-wide check visits (PAGES), what they need in the catalog (`seed`),
and how a check reaches one: a module server, signed in once per person (the browser
state is reused, so no test pays for a sign-in), in a chosen theme, with axe-core injected.

The checks are in three modules, so that test processes share them out:
test_accessibility_light_in_browser.py, test_accessibility_dark_in_browser.py and
test_phone_width_in_browser.py. To check another page, add a Page to PAGES (and seed what
it needs in `seed`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from gaugeboard.auth.principal import Principal
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.datasets.rows import append_rows
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import create_dataset
from gaugeboard.datasets.sources import set_source
from gaugeboard.notebooks.service import upload_notebook
from gaugeboard.store.alert_models import Alert, AlertEvaluation
from gaugeboard.store.job_models import JobRun, JobSchedule
from gaugeboard.store.types import utcnow
from tests.browser.documents import EVERYTHING, INPUTS
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.notebooks.builders import ipynb, showcase

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get("GAUGEBOARD_TEST_AXE", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js")
)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
GRANTS_DRAWN = (
    "() => !document.querySelector('.gb-permissions-summary').textContent.startsWith('Loading')"
)
ALERT_DRAWN = "() => document.querySelector('#gb-al-chart').dataset.state !== 'loading'"
DASHBOARDS_LISTED = "() => !!document.querySelector('#gb-ds-dashboard option[value=__new__]')"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    signed_in: bool = True
    ready: str = "() => true"  # a JS function: true once the page has drawn what it will
    exclude: tuple[str, ...] = ()  # selectors axe leaves out, each with its reason below
    dark: bool = False  # seen with prefers-color-scheme: dark (the "system" theme choice)
    user: str = "ann"  # who signs in: ann (viewer), ed (editor) or root (admin)


MIXED_URL = "/dashboards/ops/mixed"
NOTEBOOK_URL = "/dashboards/ops/report"
PAGES = [
    Page("login", "/login", signed_in=False),
    Page("home", "/"),
    Page("browse", "/dashboards/"),
    Page("browse-folder", "/dashboards/ops/"),
    Page("dashboard", MIXED_URL, ready=DRAWN),
    Page("dashboard-kiosk", f"{MIXED_URL}?kiosk=1", ready=DRAWN),
    Page("dashboard-plain", "/dashboards-plain/ops/mixed", ready=DRAWN),
    Page("dashboard-system-dark", MIXED_URL, ready=DRAWN, dark=True),
    Page("notebook", NOTEBOOK_URL, ready=DRAWN),
    Page("status", "/status"),
    Page("home", "/"),
    Page("trash", "/dashboards-trash/", user="ed"),
    Page("dashboard-editor-actions", MIXED_URL, ready=DRAWN, user="ed"),
    Page("browse-folder-permissions", "/dashboards/ops/", user="root", ready=GRANTS_DRAWN),
    Page("status-admin", "/status", user="root"),
    Page("status-incidents", "/status/incidents"),
    Page("explorer", "/explore"),
    Page("editor", "/dashboards-edit/ops/mixed", ready=DRAWN, user="ed"),
    Page("new-dashboard", "/dashboards-new/?folder=ops", user="ed"),
    Page("import", "/dashboards-import/?folder=ops", user="ed"),
    Page("new-folder", "/dashboards-new-folder/?folder=ops", user="ed"),
    Page("new-folder-problem", "/dashboards-new-folder/?folder=ops&name=a+b", user="ed"),
    Page("not-found", "/dashboards/ops/nothing-here"),
    Page("admin-users", "/admin/", user="root"),
    Page("admin-teams", "/admin/teams", user="root"),
    Page("admin-roles", "/admin/roles", user="root"),
    Page("admin-tokens", "/admin/tokens", user="root"),
    Page("admin-keys", "/admin/keys", user="root"),
    Page("admin-embeds", "/admin/embeds", user="root"),
    Page("admin-activity", "/admin/activity", user="root"),
    Page("admin-settings", "/admin/settings", user="root"),
    Page("admin-jobs", "/admin/jobs", user="root"),
    Page("datasets", "/datasets/"),
    Page("dataset", "/datasets/1", user="ed", ready=DASHBOARDS_LISTED),
    Page("dataset-viewer", "/datasets/1?sort=-amount"),
    Page("dataset-new", "/datasets-new/", user="ed"),
    Page("alerts", "/alerts/", user="ed"),
    Page("alert", "/alerts/1", user="ed", ready=ALERT_DRAWN),
    Page("alert-edit", "/alerts/1/edit", user="ed"),
    Page("alert-new", "/alerts-new/"),
    Page("dashboard-reports", "/dashboards-reports/ops/mixed", user="ed"),
]
# Every page in both themes; a system-dark page once, under the "system" choice (with
# the dark ones).
LIGHT = [p for p in PAGES if not p.dark]
DARK = PAGES


def placed(widget: dict[str, Any], y: int) -> dict[str, Any]:
    return {**widget, "position": {**widget["position"], "y": y}}


# Every widget kind (the widget tests' page, less its iframe of an outside page, which does
# not load offline) and an inputs form, under dashboard variables, in the automatic theme.
MIXED: dict[str, Any] = {
    **EVERYTHING,
    "name": "mixed",
    "folder": "ops",
    "theme": "auto",
    "description": "Every kind of widget, for the accessibility check.",
    "variables": [
        {"name": "region", "type": "select", "options": ["north", "south"], "default": "north"},
        {"name": "team", "label": "Team", "type": "text", "default": "core"},
    ],
    "widgets": [w for w in EVERYTHING["widgets"] if w["type"] != "iframe"]
    + [placed(INPUTS["widgets"][0], 17)],
}


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        editor = create_user(session, "ed", DEFAULT_PASSWORD, "editor")
        root = create_user(session, "root", DEFAULT_PASSWORD, "admin")
        create_dashboard(session, MIXED, None)
        session.add_all(seeded_runs())
        session.commit()
        # Every output kind of a notebook dashboard (its tests' showcase).
        principal = Principal(user_id=root.id, name="root", role="admin", via="token")
        upload = ("report.ipynb", io.BytesIO(ipynb(showcase())))
        actor = Actor(principal=principal)
        upload_notebook(session, state(app).notebooks, principal, actor, "ops/report", upload)
        seed_dataset(app, session)
        seed_alert(session, editor.id)


def seed_alert(session: Any, owner_id: int) -> None:
    """Alert 1, ed's: a webhook channel, and three evaluations, the last one a change."""
    now = utcnow()
    alert = Alert(
        name="Too many errors",
        owner_id=owner_id,
        source={"kind": "metric", "event": "error", "metric": "count", "filters": []},
        condition={"op": "above", "threshold": 3},
        window_seconds=3600,
        channels=[{"kind": "webhook", "url": "https://hooks.example.com/x", "format": "slack"}],
        state="alerting",
        state_since=now,
        last_value=5,
    )
    session.add(alert)
    session.flush()
    values = [(1, "ok", "ok"), (2, "ok", "ok"), (5, "alerting", "ok")]
    session.add_all(
        AlertEvaluation(
            alert_id=alert.id,
            at=now - timedelta(minutes=10 * (3 - index)),
            value=value,
            state=after,
            previous_state=before,
        )
        for index, (value, after, before) in enumerate(values)
    )
    session.commit()


def seed_dataset(app: Flask, session: Any) -> None:
    """``sales`` (data set 1): rows in two versions, a source, an hourly rebuild and a run."""
    place = state(app).datasets
    columns = [("region", "text"), ("month", "date"), ("amount", "number")]
    body = DatasetCreate.model_validate(
        {"name": "sales", "columns": [{"name": n, "data_type": t} for n, t in columns]}
    )
    dataset_id = create_dataset(session, place, None, body).id
    rows = [{"region": r, "month": "2026-01-01", "amount": i} for i, r in enumerate("nsew")]
    append_rows(session, place, None, dataset_id, rows)
    append_rows(session, place, None, dataset_id, rows[:2])
    set_source(session, None, dataset_id, {"type": "query", "sql": "SELECT * FROM sales"})
    now = utcnow()
    session.add(
        JobSchedule(
            name="sales hourly",
            job_type="dataset.rebuild",
            arguments={"method": "reload"},
            target_kind="dataset",
            target_id=str(dataset_id),
            every_seconds=3600,
            next_due_at=now + timedelta(days=1),
        )
    )
    session.add(
        JobRun(
            job_type="dataset.rebuild",
            arguments={"method": "append"},
            target_kind="dataset",
            target_id=str(dataset_id),
            state="failed",
            error="source[0].amount: 'n/a' is not a number",
            started_at=now - timedelta(seconds=2),
            ended_at=now,
        )
    )
    session.commit()


def seeded_runs() -> list[JobRun]:
    """A run in each state the jobs page colours (the queued one waits a day, so it stays)."""
    now = utcnow()
    ended = {"started_at": now - timedelta(seconds=3), "ended_at": now}
    return [
        JobRun(job_type="status.maintain", state="succeeded", triggered_by="seed", **ended),
        JobRun(job_type="status.maintain", state="failed", error="it broke", **ended),
        JobRun(job_type="status.maintain", state="cancelled", triggered_by="seed", **ended),
        JobRun(job_type="status.maintain", not_before=now + timedelta(days=1)),
    ]


def skip_without_axe() -> None:
    if not AXE.exists():
        pytest.skip(
            f"accessibility check not run: axe-core (from the npm registry) is not at {AXE}; "
            "`make test` installs it whenever npm is present (under CI a missing npm stops "
            "the run), or run `make axe`"
        )


def module_fixtures(needs_axe: bool) -> tuple[Any, Any]:
    """A checking module's two module fixtures, ``base_url`` (a module server seeded with
    what every page of PAGES shows) and ``states`` (each person's browser state after one
    real sign-in, so that a module signs in three times, not once per page)."""

    @pytest.fixture(scope="module")
    def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
        if needs_axe:
            skip_without_axe()
        with module_server(request, backend, seed) as url:
            yield url

    @pytest.fixture(scope="module")
    def states(signed_in: SignedIn, base_url: str) -> dict[str, Any]:
        people = sorted({checked.user for checked in PAGES if checked.signed_in})
        return {user: signed_in.state(base_url, user) for user in people}

    return base_url, states


@contextmanager
def opened_as(browser: Any, states: dict[str, Any], checked: Page, **options: Any) -> Iterator[Any]:
    """A new page, signed in as the page's person (or not at all, for a public page)."""
    state = states[checked.user] if checked.signed_in else None
    context = browser.new_context(storage_state=state, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_drawn(page: Any, base_url: str, checked: Page) -> None:
    """Go to the page and wait until it has drawn what it will: its own readiness test,
    after the network has been quiet for a moment, or 10 s at most (a dashboard that
    refreshes itself may never be quiet for long on a loaded machine)."""
    page.goto(f"{base_url}{checked.path}")
    with suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=10_000)
    page.wait_for_function(checked.ready)


def violations(page: Any, exclude: tuple[str, ...]) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async ([tags, exclude]) => {
          const context = {exclude: exclude.map((selector) => [selector])};
          const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}});
          const where = (node) =>
            `${node.target.join(' ')}: ${node.any.map((check) => check.message).join(' ')}`;
          return result.violations.map((v) =>
            `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(where).join('; ')}`);
        }""",
        [RULES, list(exclude)],
    )
    return list(found)


def choose_theme(page: Any, base_url: str, checked: Page, theme: str) -> None:
    """The system's scheme (light unless the page is a system-dark one) and the person's
    choice, as the header's picker stores it."""
    page.emulate_media(color_scheme="dark" if checked.dark else "light")
    chosen = "system" if checked.dark else theme
    page.context.add_cookies([{"name": "gb_theme", "value": chosen, "url": base_url}])


def check_page(
    browser: Any, states: dict[str, Any], base_url: str, checked: Page, theme: str
) -> None:
    """axe finds no violation on the page in the theme. axe is injected as a script file,
    so this context bypasses the CSP (which forbids inline script); every other browser
    test keeps the CSP on."""
    with opened_as(browser, states, checked, bypass_csp=True) as page:
        choose_theme(page, base_url, checked, theme)
        open_drawn(page, base_url, checked)
        found = violations(page, checked.exclude)
    assert not found, "\n".join(found)
