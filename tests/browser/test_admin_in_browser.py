"""The admin pages in a real browser: an admin creates a user and revokes a token through
the forms (CSRF header and all) and finds both in the activity log; a viewer is refused."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gaugeboard.app import create_app
from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.confirm import answer
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, _truncate_all, shutdown, state
from tests.live_server import running_server

pytestmark = pytest.mark.browser


def _catalog_url(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        target = folder / "catalog.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture(scope="module")
def server(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    vega_bundle_cache: Path,
    request: pytest.FixtureRequest,
) -> Iterator[str]:
    """One server for the module: the admin ``boss``, the viewer ``vic`` with a token."""
    folder = tmp_path_factory.mktemp("admin-browser")
    shutil.copytree(vega_bundle_cache, folder / "data" / "cache")
    url = _catalog_url(backend, folder, request)
    overrides = {"DATA_DIR": str(folder / "data"), "DATABASE_URL": url}
    overrides |= {"EVENT_SEAL_SECONDS": 0, "STATUS_FLUSH_SECONDS": 0}
    app = create_app(overrides)
    with state(app).database.sessions() as session:
        create_user(session, "boss", DEFAULT_PASSWORD, "admin")
        create_user(session, "vic", DEFAULT_PASSWORD, "viewer")
        create_token(session, "vic", "laptop", 0)
        session.commit()
    shutdown(app)
    env = {f"GAUGEBOARD_{name}": str(value) for name, value in overrides.items()}
    with running_server(env, folder / "serve.log") as base_url:
        yield base_url
    if backend == "postgresql":
        _truncate_all(url)


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}]


def activity_rows(page: Any, base_url: str, action: str) -> list[str]:
    page.goto(f"{base_url}/admin/activity?action={action}")
    return [row.inner_text() for row in page.locator(".gb-admin-activity tbody tr").all()]


def test_created_user_appears_in_the_activity_log(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, server, "boss", "/admin/")
    page.get_by_label("User name").fill("newbie")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Role", exact=True).select_option("editor")
    page.get_by_role("button", name="Create user").click()
    page.wait_for_selector("#gb-admin-status:has-text('User created.')")
    listed = page.locator("tr[data-user=newbie] td").first.inner_text()
    rows = activity_rows(page, server, "user.create")
    assert (listed, len(rows), "boss" in rows[0], "newbie" in rows[0]) == ("editor", 1, True, True)
    assert errors(page) == []


def test_revoked_token_appears_in_the_activity_log(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, server, "boss", "/admin/tokens")
    page.get_by_role("button", name="Revoke token laptop of vic").click()
    answer(page)
    page.wait_for_selector("#gb-admin-status:has-text('Token revoked.')")
    state_text = page.locator("tr", has_text="laptop").locator("td").last.inner_text()
    rows = activity_rows(page, server, "token.revoke")
    assert (state_text.startswith("revoked"), len(rows), "of vic" in rows[0]) == (True, 1, True)
    assert errors(page) == []


def test_new_token_secret_is_shown_once(page: Any, server: str, signed_in: SignedIn) -> None:
    signed_in.open(page, server, "boss", "/admin/tokens")
    page.get_by_label("Label").fill("deploy")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_selector("#gb-admin-secret:not([hidden])")
    secret = page.locator("#gb-admin-secret-value").input_value()
    page.get_by_role("button", name="Done").click()
    page.wait_for_selector("#gb-admin-status:has-text('Token created.')")
    assert (secret.startswith("gbt_"), secret in page.content()) == (True, False)
    assert errors(page) == []


def test_new_oauth_client_shows_its_id_and_secret_once_and_revokes(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, server, "boss", "/admin/tokens")
    page.get_by_label("Acts as user").select_option("vic")
    page.get_by_label("Client name").fill("nightly")
    page.get_by_role("button", name="Create OAuth client").click()
    page.wait_for_selector("#gb-admin-secret:not([hidden])")
    client_id = page.locator("#gb-admin-secret-client-id").input_value()
    secret = page.locator("#gb-admin-secret-value").input_value()
    page.get_by_role("button", name="Done").click()
    page.wait_for_selector("#gb-admin-status:has-text('OAuth client created.')")
    assert (client_id.startswith("gbc_"), secret.startswith("gbs_")) == (True, True)
    assert (client_id in page.content(), secret in page.content()) == (True, False)
    page.get_by_role("button", name="Revoke OAuth client nightly of vic").click()
    answer(page)
    page.wait_for_selector("#gb-admin-status:has-text('OAuth client revoked.')")
    row = page.locator(f"tr[data-client={client_id}] td").last.inner_text()
    assert row.startswith("revoked") and errors(page) == []


def test_viewer_is_refused(page: Any, server: str, signed_in: SignedIn) -> None:
    response = signed_in.open(page, server, "vic", "/admin/")
    assert (response.status, page.locator("form[data-api]").count()) == (403, 0)


NEW_USER_PARTS = """() => [...document.querySelectorAll(
    'form[data-api$="/api/user"] > :is(label, input, select, button)')]
  .map((node) => { const box = node.getBoundingClientRect(); return [box.top, box.bottom]; })"""


def test_new_user_form_reads_in_order_on_a_phone(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    signed_in.open(page, server, "boss", "/admin/")
    parts = page.evaluate(NEW_USER_PARTS)
    # Label, input, label, input…, button: each one below the one before it.
    assert len(parts) == 7 and all(b[0] >= a[1] - 1 for a, b in itertools.pairwise(parts))
