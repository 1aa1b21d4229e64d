"""A host app configured for flask_jsondash: ``app.config["JSONDASH"]`` auth and metadata
hooks, each tested; the JSONDASH_* flags; gaugeboard's own names winning."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.errors import ConfigurationError
from gaugeboard.extension import Gaugeboard
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.api_helpers import bearer
from tests.dashboards.factories import chart_document

Build = Callable[..., Flask]


@pytest.fixture
def jsondash_host(settings_overrides: dict[str, Any], app: Flask) -> Iterator[Build]:
    """Host apps configured the jsondash way, on the test app's database."""
    built: list[Flask] = []

    def build(config: dict[str, Any], **overrides: Any) -> Flask:
        host = Flask("jsondash_host")
        host.config.update(config)
        Gaugeboard(host, url_prefix="/gb", overrides={**settings_overrides, **overrides})
        built.append(host)
        return host

    yield build
    for host in built:
        state(host).database.dispose()


def auth(**hooks: Any) -> dict[str, Any]:
    return {"JSONDASH": {"auth": hooks}}


def create(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> Any:
    return client.post("/gb/api/dashboard", json=chart_document(**overrides), headers=headers)


def created(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = create(client, headers, **overrides)
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()["dashboard"]
    return body


def put(client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], **kw: Any) -> Any:
    document = {**chart_document(), "folder": dashboard["folder"], **kw}
    return client.put(
        f"/gb/api/dashboard/{dashboard['id']}",
        json=document,
        headers={**headers, "If-Match": f'"v{dashboard["version"]}"'},
    )


# Each auth hook


def test_jsondash_create_hook_refuses_creation(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(create=lambda: False)).test_client()
    assert create(client, bearer(make_token("admin"))).status_code == 403


def test_jsondash_view_hook_hides_the_dashboard_and_gets_its_id(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    seen: list[str] = []
    client = jsondash_host(auth(view=lambda view_id: seen.append(view_id))).test_client()
    admin = bearer(make_token("admin"))
    dashboard = created(client, admin)
    response = client.get("/gb/api/dashboard/team/reports/sales", headers=admin)
    assert (response.status_code, seen) == (404, [str(dashboard["id"])])


def test_jsondash_update_hook_refuses_an_update(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(update=lambda: False)).test_client()
    admin = bearer(make_token("admin"))
    dashboard = created(client, admin)
    assert put(client, admin, dashboard, title="Changed").status_code == 403


def test_jsondash_delete_hook_refuses_a_delete(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(delete=lambda: False)).test_client()
    admin = bearer(make_token("admin"))
    dashboard = created(client, admin)
    response = client.delete(f"/gb/api/dashboard/{dashboard['id']}", headers=admin)
    assert response.status_code == 403


def test_jsondash_delete_hook_can_allow_a_viewer(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(delete=lambda: True)).test_client()
    dashboard = created(client, bearer(make_token("admin")))
    viewer = bearer(make_token("viewer"))
    response = client.delete(f"/gb/api/dashboard/{dashboard['id']}", headers=viewer)
    assert response.status_code in (200, 204)


def test_jsondash_clone_hook_refuses_a_clone(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(clone=lambda: False)).test_client()
    admin = bearer(make_token("admin"))
    dashboard = created(client, admin)
    response = client.post(f"/gb/api/dashboard/{dashboard['id']}/clone", json={}, headers=admin)
    assert response.status_code == 403


def test_jsondash_clone_hook_allowing_still_clones(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(clone=lambda: True)).test_client()
    admin = bearer(make_token("admin"))
    dashboard = created(client, admin)
    response = client.post(f"/gb/api/dashboard/{dashboard['id']}/clone", json={}, headers=admin)
    assert response.status_code == 201


def test_jsondash_edit_global_hook_refuses_a_global_dashboard(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(edit_global=lambda: False)).test_client()
    response = create(client, bearer(make_token("admin")), **{"global": True})
    assert response.status_code == 403


def test_jsondash_edit_global_hook_can_let_an_editor_make_one_global(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(edit_global=lambda: True)).test_client()
    response = create(client, bearer(make_token("editor")), **{"global": True})
    assert response.status_code == 201


def test_jsondash_edit_others_hook_refuses_editing_someone_elses_dashboard(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    seen: list[str] = []

    def edit_others(view_id: str) -> bool:
        seen.append(view_id)
        return False

    client = jsondash_host(auth(edit_others=edit_others)).test_client()
    dashboard = created(client, bearer(make_token("editor")))
    response = put(client, bearer(make_token("editor")), dashboard, title="Mine now")
    assert (response.status_code, seen) == (403, [str(dashboard["id"])])


def test_jsondash_edit_others_hook_is_not_asked_about_ones_own_dashboard(
    jsondash_host: Build, make_token: Callable[..., str], make_user: Callable[..., Any]
) -> None:
    client = jsondash_host(auth(edit_others=lambda view_id: False)).test_client()
    make_user("owner", role="editor")
    owner = bearer(make_token(user_name="owner"))
    dashboard = created(client, owner)
    assert put(client, owner, dashboard, title="Still mine").status_code == 200


def test_gaugeboard_auth_wins_over_jsondash_hook_by_hook(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    config = {**auth(create=lambda: False), "GAUGEBOARD_AUTH": {"create": lambda: True}}
    client = jsondash_host(config).test_client()
    assert create(client, bearer(make_token("admin"))).status_code == 201


def test_unknown_jsondash_hook_is_a_configuration_error(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host(auth(destroy=lambda: False)).test_client()
    assert create(client, bearer(make_token("admin"))).status_code == 500


# Metadata


def test_jsondash_metadata_is_saved_in_the_document(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    client = jsondash_host({"JSONDASH": {"metadata": {"created_by": lambda: "jd"}}}).test_client()
    admin = bearer(make_token("admin"))
    created(client, admin)
    document = client.get("/gb/api/dashboard/team/reports/sales", headers=admin).get_json()
    assert document["document"]["created_by"] == "jd"


def test_gaugeboard_metadata_wins_over_jsondash_metadata(
    jsondash_host: Build, make_token: Callable[..., str]
) -> None:
    config = {
        "JSONDASH": {"metadata": {"created_by": lambda: "jd"}},
        "GAUGEBOARD_METADATA": {"created_by": lambda: "gb"},
    }
    client = jsondash_host(config).test_client()
    admin = bearer(make_token("admin"))
    created(client, admin)
    document = client.get("/gb/api/dashboard/team/reports/sales", headers=admin).get_json()
    assert document["document"]["created_by"] == "gb"


# Flags


def settings_of(host: Flask) -> Any:
    return state(host).settings


def test_jsondash_flags_become_gaugeboard_settings(jsondash_host: Build) -> None:
    host = jsondash_host(
        {
            "JSONDASH_FILTERUSERS": True,
            "JSONDASH_GLOBALDASH": False,
            "JSONDASH_GLOBAL_USER": "everyone",
            "JSONDASH_MAX_PERPAGE": 50,
        }
    )
    settings = settings_of(host)
    assert (
        settings["DASHBOARD_FILTER_USERS"],
        settings["DASHBOARD_GLOBAL"],
        settings["DASHBOARD_GLOBAL_USER"],
        settings["DASHBOARD_PAGE_SIZE"],
    ) == (True, False, "everyone", 50)


def test_jsondash_code_name_for_the_page_size_is_read_too(jsondash_host: Build) -> None:
    assert settings_of(jsondash_host({"JSONDASH_PERPAGE": 7}))["DASHBOARD_PAGE_SIZE"] == 7


def test_gaugeboard_setting_in_app_config_wins_over_the_jsondash_flag(jsondash_host: Build) -> None:
    host = jsondash_host(
        {"JSONDASH_GLOBAL_USER": "everyone", "GAUGEBOARD_DASHBOARD_GLOBAL_USER": "all"}
    )
    assert settings_of(host)["DASHBOARD_GLOBAL_USER"] == "all"


def test_gaugeboard_override_wins_over_the_jsondash_flag(jsondash_host: Build) -> None:
    host = jsondash_host({"JSONDASH_MAX_PERPAGE": 50}, DASHBOARD_PAGE_SIZE=10)
    assert settings_of(host)["DASHBOARD_PAGE_SIZE"] == 10


def test_gaugeboard_environment_variable_wins_over_the_jsondash_flag(
    jsondash_host: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAUGEBOARD_DASHBOARD_FILTER_USERS", "false")
    host = jsondash_host({"JSONDASH_FILTERUSERS": True})
    assert settings_of(host)["DASHBOARD_FILTER_USERS"] is False


def test_bad_jsondash_flag_is_refused_by_its_own_name(jsondash_host: Build) -> None:
    with pytest.raises(ConfigurationError) as caught:
        jsondash_host({"JSONDASH_MAX_PERPAGE": 1, "JSONDASH_FILTERUSERS": "yes"})
    assert caught.value.problems == [
        "JSONDASH_FILTERUSERS: expected True or False",
        "JSONDASH_MAX_PERPAGE: must be a whole number from 2 to 500",
    ]


def test_browse_page_size_follows_jsondash_max_perpage(
    jsondash_host: Build, make_token: Callable[..., str], make_user: Callable[..., Any]
) -> None:
    client = jsondash_host({"JSONDASH_MAX_PERPAGE": 2}).test_client()
    admin = bearer(make_token("admin"))
    for name in ("a", "b", "c"):
        created(client, admin, name=name, folder="many")
    make_user("browser", role="viewer")
    response = client.post("/gb/login", json={"username": "browser", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    html = client.get("/gb/dashboards/many/").get_data(as_text=True)
    rows = re.findall(r'<tr class="gb-dashboard">', html)
    assert (len(rows), "Page 1 of 2" in html) == (2, True)
