"""Views of notebook dashboards in account activity: counted per viewer like JSON
dashboards, in the same batch, listed beside them with their kind, and gone with the
notebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.view_models import DashboardView, NotebookView
from tests.conftest import login, state
from tests.dashboards.api_helpers import create
from tests.notebooks.helpers import plain_notebook, token_header, upload_to

PATH = "team/weekly"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def flush_views(app: Flask) -> None:
    counter = state(app).views
    assert counter is not None
    counter.flush()


def upload_notebook(client: FlaskClient, token: str, path: str = PATH) -> None:
    response = upload_to(client, path, plain_notebook(), headers=token_header(token))
    assert response.status_code == 201, response.get_json()


def activity(client: FlaskClient, headers: dict[str, str], entity: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/account/activity/{entity}", headers=headers)
    assert response.status_code == 200, response.get_json()
    rows: list[dict[str, Any]] = response.get_json()["data"]
    return rows


def notebook_row(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    (row,) = [r for r in activity(client, headers, "dashboards") if r["kind"] == "notebook"]
    return row


def notebook_id(app: Flask, path: str = PATH) -> int:
    folder, name = path.rsplit("/", 1)
    with state(app).database.sessions() as db:
        found = db.scalar(
            select(Notebook.id).where(Notebook.folder == folder, Notebook.name == name)
        )
    assert found is not None
    return found


def stored_views(app: Flask, model: type[DashboardView] | type[NotebookView]) -> int:
    with state(app).database.sessions() as db:
        return int(db.scalar(select(func.coalesce(func.sum(model.views), 0))) or 0)


def test_a_notebook_view_is_counted_for_its_viewer(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    make_user("dan")
    viewer = app.test_client()
    login(viewer, "dan")
    assert viewer.get(f"/dashboards/{PATH}").status_code == 200
    assert viewer.get(f"/dashboards-plain/{PATH}").status_code == 200
    flush_views(app)
    row = notebook_row(client, admin)
    assert row["notebook_id"] == notebook_id(app)
    assert (row["dashboard_id"], row["path"], row["title"]) == (None, PATH, "weekly")
    assert (row["views"], row["viewers"]) == (2, 1)
    assert row["last_viewed"] is not None


def test_a_folder_index_notebook_counts_as_its_own_view(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"), "team/index")
    assert client.get("/dashboards/team", headers=bearer(make_token("viewer"))).status_code == 200
    flush_views(app)
    row = notebook_row(client, admin)
    assert (row["path"], row["views"], row["viewers"]) == ("team/index", 1, 1)


def test_an_anonymous_view_of_a_public_notebook_counts_without_a_viewer(
    app_factory: Callable[..., Flask], make_token: Callable[..., str]
) -> None:
    app = app_factory(DASHBOARD_ACCESS="public")
    client = app.test_client()
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    anonymous = app.test_client()
    for _ in range(3):
        assert anonymous.get(f"/dashboards/{PATH}").status_code == 200
    flush_views(app)
    row = notebook_row(client, admin)
    assert (row["views"], row["viewers"]) == (3, 0)


def test_a_users_views_add_dashboards_and_notebooks(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    dashboard = create(client, admin)
    make_user("eve")
    viewer = app.test_client()
    login(viewer, "eve")
    viewer.get(f"/dashboards/{dashboard['folder']}/{dashboard['name']}")
    for _ in range(2):
        viewer.get(f"/dashboards/{PATH}")
    flush_views(app)
    (eve,) = [row for row in activity(client, admin, "users") if row["name"] == "eve"]
    assert eve["views"] == 3


def test_dashboards_and_notebooks_are_listed_together_by_kind(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    dashboard = create(client, admin)
    client.get(f"/dashboards/{PATH}", headers=admin)
    flush_views(app)
    rows = activity(client, admin, "dashboards")
    assert [(r["kind"], r["views"]) for r in rows] == [("notebook", 1), ("dashboard", 0)]
    assert rows[1]["dashboard_id"] == dashboard["id"] and rows[1]["notebook_id"] is None


def test_a_deleted_notebook_leaves_the_listing(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    editor = make_token("editor")
    upload_notebook(client, editor)
    client.get(f"/dashboards/{PATH}", headers=admin)
    flush_views(app)
    response = client.delete(f"/_api/notebooks/{PATH}", headers=token_header(editor))
    assert response.status_code < 300, response.get_data(as_text=True)
    kinds = [row["kind"] for row in activity(client, admin, "dashboards")]
    assert "notebook" not in kinds


def test_a_notebook_row_removed_takes_its_counts(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    client.get(f"/dashboards/{PATH}", headers=admin)
    flush_views(app)
    assert stored_views(app, NotebookView) == 1
    with state(app).database.sessions() as db:
        db.execute(delete(Notebook).where(Notebook.id == notebook_id(app)))
        db.commit()
    assert stored_views(app, NotebookView) == 0


def test_views_of_a_notebook_removed_before_the_flush_are_dropped(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    dashboard = create(client, admin)
    client.get(f"/dashboards/{PATH}", headers=admin)
    client.get(f"/dashboards/{dashboard['folder']}/{dashboard['name']}", headers=admin)
    with state(app).database.sessions() as db:
        db.execute(delete(Notebook).where(Notebook.id == notebook_id(app)))
        db.commit()
    flush_views(app)
    assert (stored_views(app, NotebookView), stored_views(app, DashboardView)) == (0, 1)


def test_one_flush_writes_both_kinds_kept_apart(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    upload_notebook(client, make_token("editor"))
    dashboard = create(client, admin)
    client.get(f"/dashboards/{PATH}", headers=admin)
    client.get(f"/dashboards/{PATH}", headers=admin)
    client.get(f"/dashboards/{dashboard['folder']}/{dashboard['name']}", headers=admin)
    assert (stored_views(app, NotebookView), stored_views(app, DashboardView)) == (0, 0)
    flush_views(app)
    assert (stored_views(app, NotebookView), stored_views(app, DashboardView)) == (2, 1)
