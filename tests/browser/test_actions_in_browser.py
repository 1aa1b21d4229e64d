"""The actions that used to exist only in the API, done in a real browser: star and the
home page, version history with its diff and restore, embed links, rename and move,
duplicate, delete and restore from the trash, folder permissions, team membership, and
incidents and maintenance on the status page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard, update_dashboard
from gaugeboard.store.folder_grants import insert_team
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser

NAMES = ("star", "history", "embed", "rename", "dup", "del")


def board(name: str, title: str | None = None) -> dict[str, Any]:
    return {
        "title": title or f"Board {name}",
        "name": name,
        "folder": "ops",
        "widgets": [
            {
                "id": "visits",
                "type": "number",
                "title": "Visits",
                "position": {"x": 0, "y": 0, "w": 4, "h": 3},
                "source": {"type": "inline", "data": {"data": 42}},
            }
        ],
    }


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        for name, role in (("ada", "admin"), ("ed", "editor"), ("vi", "viewer")):
            create_user(session, name, DEFAULT_PASSWORD, role)
        insert_team(session, "night-shift")
        for name in NAMES:
            create_dashboard(session, board(name), None)
        history = create_dashboard(session, board("history2", "First title"), None)
        update_dashboard(session, history, board("history2", "Second title"), None, 1, "retitled")
        session.commit()


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def menu(page: Any, action: str) -> None:
    page.locator(".gb-actions-menu > summary").click()
    page.locator(f'.gb-actions-list button[data-action="{action}"]').click()


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def test_star_shows_the_dashboard_on_the_home_page(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "vi", "/dashboards/ops/star")
    button = page.locator(".gb-star")
    with page.expect_response(lambda r: r.url.endswith("/star")):
        button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.goto(f"{base_url}/")
    starred = page.locator("#gb-starred .gb-home-card a").all_inner_texts()
    assert (starred, errors(page)) == (["Board star"], [])


def test_home_lists_the_dashboard_viewed_last(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "vi", "/dashboards/ops/embed")
    page.goto(f"{base_url}/")
    assert "Board embed" in page.locator("#gb-recent").inner_text()


def test_history_shows_the_diff_of_a_version(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "vi", "/dashboards/ops/history2")
    menu(page, "history")
    page.locator('.gb-history-item[data-version="1"] button[data-diff]').click()
    diff = page.locator("#gb-diff-list")
    diff.locator("li").first.wait_for()
    assert "First title" in diff.inner_text() and "Second title" in diff.inner_text()


def test_history_restores_a_version_after_asking(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/history2")
    menu(page, "history")
    with page.expect_navigation():
        page.locator('.gb-history-item[data-version="1"] button[data-restore]').click()
        asked = answer(page)
    assert (page.locator("h1").inner_text(), asked.startswith("Restore version 1?")) == (
        "First title",
        True,
    )


def test_embed_link_is_created_and_copied(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/embed")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    menu(page, "embeds")
    page.fill("#gb-embed-label", "intranet")
    page.click("#gb-embed-form button[type=submit]")
    url = page.locator("#gb-embed-url")
    page.wait_for_function("() => document.getElementById('gb-embed-url').value !== ''")
    page.click("#gb-embed-copy")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "embed_token=" in url.input_value() and copied == url.input_value()


def test_embed_link_is_revoked_after_asking(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/embed")
    menu(page, "embeds")
    page.fill("#gb-embed-label", "to revoke")
    page.click("#gb-embed-form button[type=submit]")
    item = page.locator(".gb-embed-item", has_text="to revoke")
    item.locator("button[data-revoke]").click()
    asked = answer(page)
    page.locator(".gb-embed-item.gb-embed-revoked", has_text="to revoke").wait_for()
    assert asked.startswith("Revoke the embed link “to revoke”?")


def test_rename_and_move_open_the_new_address(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/rename")
    menu(page, "rename")
    page.fill("#gb-rename-title-input", "Renamed board")
    page.fill("#gb-rename-name", "renamed")
    page.fill("#gb-rename-folder", "archive")
    with page.expect_navigation():
        page.click("#gb-rename-form button[type=submit]")
    assert (page.url, page.locator("h1").inner_text()) == (
        f"{base_url}/dashboards/archive/renamed",
        "Renamed board",
    )


def test_rename_to_a_bad_name_says_why(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/star")
    menu(page, "rename")
    page.fill("#gb-rename-name", "no spaces allowed")
    page.click("#gb-rename-form button[type=submit]")
    problem = page.locator("#gb-rename-form .gb-errors")
    problem.filter(has_text="name").wait_for()
    assert page.url.endswith("/dashboards/ops/star")


def test_duplicate_opens_the_copy(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/dup")
    with page.expect_navigation():
        menu(page, "duplicate")
    assert page.url == f"{base_url}/dashboards/ops/dup-copy"


def test_delete_asks_then_the_trash_restores(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/del")
    with page.expect_navigation():
        menu(page, "delete")
        asked = answer(page)
    page.goto(f"{base_url}/dashboards-trash/")
    row = page.locator("#gb-trash tr", has_text="Board del")
    with page.expect_navigation():
        row.locator("button[data-restore]").click()
    assert (page.url, asked.startswith("Delete “Board del”?")) == (
        f"{base_url}/dashboards/ops/del",
        True,
    )


def test_the_confirmation_starts_on_cancel_and_escape_says_no(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/star")
    menu(page, "delete")
    dialog = page.locator("dialog.gb-confirm[open]")
    dialog.wait_for()
    focused = page.evaluate("() => document.activeElement.textContent")
    role = dialog.get_attribute("role")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    page.goto(f"{base_url}/dashboards/ops/star")
    kept = page.locator("h1").inner_text()
    assert (focused, role, kept, errors(page)) == ("Cancel", "alertdialog", "Board star", [])


def test_folder_grant_is_added_on_the_folder_page(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ada", "/dashboards/ops/")
    section = page.locator("#gb-permissions")
    section.locator("select[name=grantee] option").first.wait_for(state="attached")
    section.locator("select[name=grantee]").select_option("team:night-shift")
    section.locator("select[name=role]").select_option("editor")
    section.locator("button[type=submit]").click()
    asked = answer(page)
    section.locator("li", has_text="team night-shift may view and edit").wait_for()
    page.reload()
    section.locator("li", has_text="team night-shift").wait_for()
    assert asked.startswith("Close ops to everyone except team night-shift")


def test_team_members_are_saved_on_the_teams_page(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ada", "/admin/teams")
    row = page.locator('tr[data-team="night-shift"]')
    row.locator("select[name=users]").select_option(["ed", "vi"])
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    assert "ed, vi" in page.locator('tr[data-team="night-shift"] td').first.inner_text()


def test_admin_reports_an_incident_on_the_status_page(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ada", "/status")
    form = page.locator('.gb-incident-form[data-kind="incident"]')
    form.locator("input[name=title]").fill("Slow checkout")
    form.locator("textarea[name=body]").fill("Looking into it.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "Slow checkout" in page.locator("#gb-ongoing").locator("..").inner_text()


def test_admin_schedules_maintenance(page: Any, base_url: str, signed_in: SignedIn) -> None:
    signed_in.open(page, base_url, "ada", "/status")
    form = page.locator('.gb-incident-form[data-kind="maintenance"]')
    form.locator("input[name=title]").fill("Database upgrade")
    form.locator("input[name=starts_at]").fill("2030-01-01T10:00")
    form.locator("input[name=ends_at]").fill("2030-01-01T11:00")
    with page.expect_response(lambda r: r.url.endswith("/api/status/incident")) as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 201


def test_maintenance_ending_before_it_starts_says_why(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ada", "/status")
    form = page.locator('.gb-incident-form[data-kind="maintenance"]')
    form.locator("input[name=title]").fill("Backwards")
    form.locator("input[name=starts_at]").fill("2030-01-01T10:00")
    form.locator("input[name=ends_at]").fill("2030-01-01T09:00")
    form.locator("button[type=submit]").click()
    form.locator(".gb-errors", has_text="ends_at").wait_for()
