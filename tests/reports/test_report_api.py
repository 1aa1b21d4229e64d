"""``/api/report`` as each caller meets it: an editor of the dashboard manages its
reports, an admin every report; a viewer of the dashboard may not make one (403), and
anyone who may not edit it gets 404 for its reports and never sees them listed; an
anonymous visitor gets 401; bad input is a 400 naming each field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import bearer, create
from tests.datasets.helpers import close_folder
from tests.reports.conftest import create_report, report_body


def operations(report_id: int) -> list[tuple[str, str, Any]]:
    one = f"/api/report/{report_id}"
    return [
        ("get", one, None),
        ("put", one, {"name": "mine now"}),
        ("post", f"{one}/send", None),
        ("get", f"{one}/history", None),
        ("delete", one, None),
    ]


def test_editor_creates_reads_changes_and_deletes(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    report = create_report(client, editor, dashboard, widgets=["left"])
    assert report["dashboard"] == {
        "id": dashboard["id"],
        "path": dashboard["path"],
        "title": "Sales",
    }
    assert report["next_due_at"].endswith("Z") and report["widgets"] == ["left"]
    one = f"/api/report/{report['id']}"
    assert client.get(one, headers=editor).get_json()["report"]["name"] == "Weekly sales"
    changed = client.put(one, json={"cron": "30 7 * * *", "email_mode": "list"}, headers=editor)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["report"]["cron"] == "30 7 * * *"
    assert changed.get_json()["report"]["email_mode"] == "list"
    assert client.delete(one, headers=editor).get_json() == {"ok": True, "deleted": report["id"]}
    assert client.get(one, headers=editor).status_code == 404


def test_a_viewer_of_the_dashboard_may_not_make_a_report(
    client: FlaskClient,
    make_token: Callable[..., str],
    dashboard: dict[str, Any],
) -> None:
    viewer = bearer(make_token("viewer"))
    answer = client.post("/api/report", json=report_body(dashboard), headers=viewer)
    assert answer.status_code == 403
    assert "edit" in answer.get_json()["error"]


def test_who_may_not_edit_the_dashboard_gets_404_on_every_operation(
    client: FlaskClient,
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
    auth_headers: dict[str, str],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    report = create_report(client, editor, dashboard)
    # The folder is closed: "ed" edits there, "reader" only views, other editors see nothing.
    grants = [{"user": "ed", "role": "editor"}, {"user": "reader", "role": "viewer"}]
    make_user("reader", role="editor")
    close_folder(client, auth_headers, dashboard["folder"], grants)
    reader = bearer(make_token(user_name="reader"))
    for other in (reader, bearer(make_token("viewer")), bearer(make_token("editor"))):
        for method, url, body in operations(report["id"]):
            answer = getattr(client, method)(url, json=body, headers=other)
            assert answer.status_code == 404, (method, url)
        assert client.get("/api/report", headers=other).get_json()["items"] == []
    assert client.get(f"/api/report/{report['id']}", headers=editor).status_code == 200


def test_anonymous_visitors_get_401(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    report = create_report(client, editor, dashboard)
    assert client.get("/api/report").status_code == 401
    for method, url, body in operations(report["id"]):
        assert getattr(client, method)(url, json=body).status_code == 401, (method, url)


def test_admin_sees_and_manages_every_report(
    client: FlaskClient,
    auth_headers: dict[str, str],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    report = create_report(client, editor, dashboard)
    listed = client.get("/api/report", headers=auth_headers).get_json()["items"]
    assert [item["id"] for item in listed] == [report["id"]]
    answer = client.put(
        f"/api/report/{report['id']}", json={"enabled": False}, headers=auth_headers
    )
    assert answer.get_json()["report"]["enabled"] is False
    assert answer.get_json()["report"]["next_due_at"] is None


def test_list_of_one_dashboard(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    other = create(client, editor, name="other")
    create_report(client, editor, dashboard, name="a")
    create_report(client, editor, other, name="b")
    listed = client.get(f"/api/report?dashboard={other['id']}", headers=editor).get_json()
    assert [item["name"] for item in listed["items"]] == ["b"]


def test_bad_input_names_every_field(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    body = report_body(dashboard, cron="every day", timezone="Mars/Olympus", width=10)
    answer = client.post("/api/report", json=body, headers=editor)
    assert answer.status_code == 400
    errors = " ".join(answer.get_json()["errors"])
    for field in ("cron", "timezone", "width"):
        assert field in errors, field
    body = report_body(
        dashboard, widgets=["left", "nope"], channels=[{"kind": "user", "user": "ghost"}]
    )
    errors = client.post("/api/report", json=body, headers=editor).get_json()["errors"]
    assert "widgets[1]: the dashboard has no widget 'nope'" in errors
    assert "channels[0]: no user is named 'ghost'" in errors


def test_an_editor_may_not_send_to_strangers_by_name(
    client: FlaskClient,
    make_user: Callable[..., Any],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    make_user("stranger")
    body = report_body(dashboard, channels=[{"kind": "user", "user": "stranger"}])
    answer = client.post("/api/report", json=body, headers=editor)
    assert answer.status_code == 400
    assert "yourself" in answer.get_json()["error"]


def test_webhook_secret_is_masked(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    hook = {"kind": "webhook", "url": "http://127.0.0.1:9/hook", "secret": "abcdefgh12"}
    report = create_report(client, editor, dashboard, channels=[hook])
    assert report["channels"][0]["secret"] == "********"
    shown = client.get(f"/api/report/{report['id']}", headers=editor).get_json()
    assert "abcdefgh12" not in str(shown)


def test_an_editor_cannot_make_a_report_on_a_dashboard_they_cannot_see(
    client: FlaskClient,
    make_token: Callable[..., str],
    auth_headers: dict[str, str],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    close_folder(client, auth_headers, dashboard["folder"], [{"user": "ed", "role": "editor"}])
    outsider = bearer(make_token("editor"))
    answer = client.post("/api/report", json=report_body(dashboard), headers=outsider)
    assert answer.status_code == 404
    assert answer.get_json()["errors"] == [f"dashboard: no dashboard {dashboard['id']}"]


def test_an_embed_link_opens_no_report(
    client: FlaskClient,
    auth_headers: dict[str, str],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    report = create_report(client, editor, dashboard)
    made = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=auth_headers
    )
    secret = made.get_json()["secret"]
    for method, url, body in operations(report["id"]):
        answer = getattr(client, method)(f"{url}?embed_token={secret}", json=body)
        assert answer.status_code == 401, (method, url)
    assert client.get(f"/api/report?embed_token={secret}").status_code == 401
    assert client.get(f"/api/report/{report['id']}", headers=editor).status_code == 200
