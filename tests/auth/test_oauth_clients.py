"""``/api/oauth/client`` and ``gaugeboard oauth-clients``: creating a client (the secret
shown once), listing without secrets, revoking, and who may do which."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from click.testing import Result
from flask.testing import FlaskClient

from tests.auth.oauth_fixtures import TOKEN_URL, bearer, fetch_token
from tests.conftest import login

CLIENTS = "/api/oauth/client"
MakeClient = Callable[..., tuple[str, str]]
MakeToken = Callable[..., str]


def create(client: FlaskClient, headers: dict[str, str], **body: Any) -> Any:
    return client.post(CLIENTS, json={"name": "etl", **body}, headers=headers)


def test_a_user_creates_a_client_for_themselves(
    client: FlaskClient, make_token: MakeToken, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = create(client, bearer(make_token(user_name="ann")))
    body = response.get_json()
    assert (response.status_code, body["client"]["user"], body["client"]["name"]) == (
        201,
        "ann",
        "etl",
    )
    assert body["client_id"].startswith("gbc_") and body["secret"].startswith("gbs_")


def test_the_new_secret_gets_a_token(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    body = create(client, auth_headers).get_json()
    token = fetch_token(client, body["client_id"], body["secret"])
    assert client.get("/api/user/me", headers=bearer(token)).status_code == 200


def test_an_admin_creates_a_client_for_a_user_by_name(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("bob")
    body = create(client, auth_headers, user="bob").get_json()
    assert body["client"]["user"] == "bob"


def test_an_admin_creates_a_client_for_a_user_by_id(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    bob = make_user("bob")
    body = create(client, auth_headers, user=bob.id).get_json()
    assert (body["client"]["user"], body["client"]["user_id"]) == ("bob", bob.id)


def test_a_user_may_name_themselves(
    client: FlaskClient, make_token: MakeToken, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = create(client, bearer(make_token(user_name="ann")), user="ann")
    assert response.status_code == 201


def test_a_non_admin_cannot_create_for_another_user(
    client: FlaskClient, make_token: MakeToken, make_user: Callable[..., Any]
) -> None:
    make_user("bob")
    response = create(client, bearer(make_token("editor")), user="bob")
    assert (response.status_code, response.get_json()["errors"]) == (
        403,
        ["user: only admins create OAuth clients for another user"],
    )


def test_an_unknown_user_is_404(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = create(client, auth_headers, user="ghost")
    assert (response.status_code, response.get_json()["errors"]) == (
        404,
        ["user: no user 'ghost'"],
    )


def test_a_missing_name_is_named(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.post(CLIENTS, json={}, headers=auth_headers)
    assert (response.status_code, response.get_json()["errors"][0].split(":")[0]) == (400, "name")


def test_a_blank_name_and_an_unknown_field_are_both_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(CLIENTS, json={"name": "  ", "scope": "x"}, headers=auth_headers)
    assert [p.split(":")[0] for p in response.get_json()["errors"]] == ["scope", "name"]


def test_anonymous_callers_cannot_manage_clients(client: FlaskClient) -> None:
    statuses = [
        client.get(CLIENTS).status_code,
        client.post(CLIENTS, json={"name": "x"}).status_code,
        client.delete(f"{CLIENTS}/gbc_x").status_code,
    ]
    assert statuses == [401, 401, 401]


def test_the_list_never_holds_a_secret(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    secret = create(client, auth_headers).get_json()["secret"]
    response = client.get(CLIENTS, headers=auth_headers)
    item = response.get_json()["items"][0]
    assert secret not in response.get_data(as_text=True)
    assert not {"secret", "secret_hash"} & set(item) and secret.startswith(item["secret_prefix"])


def test_a_user_lists_only_their_own_clients(
    client: FlaskClient, make_token: MakeToken, make_client: MakeClient
) -> None:
    make_client()  # someone else's
    headers = bearer(make_token("viewer"))
    own = create(client, headers).get_json()["client_id"]
    listed = client.get(CLIENTS, headers=headers).get_json()["items"]
    assert [item["client_id"] for item in listed] == [own]


def test_an_admin_lists_every_client(
    client: FlaskClient, auth_headers: dict[str, str], make_client: MakeClient
) -> None:
    made = {make_client()[0], make_client()[0]}
    listed = client.get(CLIENTS, headers=auth_headers).get_json()["items"]
    assert {item["client_id"] for item in listed} == made


def test_the_list_says_when_a_client_was_last_used(
    client: FlaskClient, auth_headers: dict[str, str], make_client: MakeClient
) -> None:
    client_id, secret = make_client()
    fetch_token(client, client_id, secret)
    item = client.get(CLIENTS, headers=auth_headers).get_json()["items"][0]
    assert item["last_used_at"] is not None and item["revoked_at"] is None


def test_a_user_revokes_their_own_client(
    client: FlaskClient, make_token: MakeToken, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    headers = bearer(make_token(user_name="ann"))
    client_id = create(client, headers).get_json()["client_id"]
    response = client.delete(f"{CLIENTS}/{client_id}", headers=headers)
    assert response.status_code == 200 and response.get_json()["client"]["revoked_at"]


def test_another_users_client_is_not_found(
    client: FlaskClient, make_token: MakeToken, make_client: MakeClient
) -> None:
    client_id, _secret = make_client()
    response = client.delete(f"{CLIENTS}/{client_id}", headers=bearer(make_token("editor")))
    assert response.status_code == 404


def test_an_admin_revokes_anyones_client(
    client: FlaskClient, auth_headers: dict[str, str], make_client: MakeClient
) -> None:
    client_id, _secret = make_client()
    assert client.delete(f"{CLIENTS}/{client_id}", headers=auth_headers).status_code == 200


def test_revoking_twice_is_harmless(
    client: FlaskClient, auth_headers: dict[str, str], make_client: MakeClient
) -> None:
    client_id, _secret = make_client()
    first = client.delete(f"{CLIENTS}/{client_id}", headers=auth_headers).get_json()
    second = client.delete(f"{CLIENTS}/{client_id}", headers=auth_headers).get_json()
    assert first["client"]["revoked_at"] == second["client"]["revoked_at"]


def test_an_unknown_client_is_not_found(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert client.delete(f"{CLIENTS}/gbc_nope", headers=auth_headers).status_code == 404


def test_creating_and_revoking_are_logged(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    client_id = create(client, auth_headers).get_json()["client_id"]
    client.delete(f"{CLIENTS}/{client_id}", headers=auth_headers)
    items = client.get("/api/activity", headers=auth_headers).get_json()["items"]
    actions = [item["action"] for item in items if client_id in (item["target"] or "")]
    assert sorted(actions) == ["oauth_client.create", "oauth_client.revoke"]


def test_a_browser_session_creates_with_its_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    csrf = login(client, "ann")
    response = client.post(CLIENTS, json={"name": "etl"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201


def test_deactivating_a_user_revokes_their_clients(
    client: FlaskClient, auth_headers: dict[str, str], make_client: MakeClient, make_user: Any
) -> None:
    make_user("vic")
    client_id, secret = make_client(user_name="vic")
    client.put("/api/user/vic", json={"active": False}, headers=auth_headers)
    client.put("/api/user/vic", json={"active": True}, headers=auth_headers)
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    assert client.post(TOKEN_URL, data=form).status_code == 401


# --- the command line ------------------------------------------------------------------------


def test_cli_create_prints_the_id_and_secret_last(
    client: FlaskClient, runner: Callable[..., Result], make_user: Callable[..., Any]
) -> None:
    make_user("olga", role="editor")
    result = runner("oauth-clients", "create", "olga")
    client_id, secret = result.output.strip().splitlines()[-1].split(" ")
    token = fetch_token(client, client_id, secret)
    assert client.get("/api/user/me", headers=bearer(token)).get_json()["user"]["name"] == "olga"


def test_cli_create_for_an_unknown_user_fails_cleanly(runner: Callable[..., Result]) -> None:
    result = runner("oauth-clients", "create", "ghost")
    assert result.exit_code != 0 and "no user 'ghost'" in result.output


def test_cli_list_shows_clients_without_secrets(
    runner: Callable[..., Result], make_user: Callable[..., Any]
) -> None:
    make_user("olga")
    client_id, secret = runner(
        "oauth-clients", "create", "olga", "--name", "nightly"
    ).output.split()[-2:]
    listed = runner("oauth-clients", "list").output
    assert client_id in listed and "'nightly'" in listed and secret not in listed


def test_cli_revoke_ends_the_client(
    client: FlaskClient, runner: Callable[..., Result], make_user: Callable[..., Any]
) -> None:
    make_user("olga")
    client_id, secret = runner("oauth-clients", "create", "olga").output.split()[-2:]
    result = runner("oauth-clients", "revoke", client_id)
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    assert result.exit_code == 0 and client.post(TOKEN_URL, data=form).status_code == 401


def test_cli_revoke_of_an_unknown_client_fails_cleanly(runner: Callable[..., Result]) -> None:
    result = runner("oauth-clients", "revoke", "gbc_nope")
    assert result.exit_code != 0 and "no OAuth client" in result.output


# --- the admin page ------------------------------------------------------------------------------


def test_the_tokens_page_lists_clients_without_secrets(
    app: Any, make_user: Callable[..., Any], make_client: MakeClient
) -> None:
    make_user("boss", role="admin")
    browser = app.test_client()
    login(browser, "boss")
    client_id, secret = make_client()
    html = browser.get("/admin/tokens").get_data(as_text=True)
    assert f'data-client="{client_id}"' in html and secret not in html
    assert f'data-api="/api/oauth/client/{client_id}"' in html and secret[:8] in html


def test_the_tokens_page_has_the_new_client_form(app: Any, make_user: Callable[..., Any]) -> None:
    make_user("boss", role="admin")
    make_user("ann")
    browser = app.test_client()
    login(browser, "boss")
    html = browser.get("/admin/tokens").get_data(as_text=True)
    assert 'data-api="/api/oauth/client"' in html and '<option value="ann">' in html


def test_deleting_a_user_removes_their_clients_and_tokens(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    bob = make_user("bob")
    body = create(client, auth_headers, user="bob").get_json()
    token = fetch_token(client, body["client_id"], body["secret"])
    deleted = client.delete(f"/api/user/{bob.id}", headers=auth_headers)
    listed = client.get(CLIENTS, headers=auth_headers).get_json()
    after = client.get("/api/user/me", headers=bearer(token)).status_code
    assert (deleted.status_code, listed.get("clients", listed.get("items")), after) == (
        200,
        [],
        401,
    )
