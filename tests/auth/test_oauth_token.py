"""``POST /api/oauth/token`` (and ClicData's ``/api/oauth20/token``): client credentials
exchanged for short-lived bearer tokens, RFC 6749's answers and errors with the house
fields, the rate limit on failures, and what the token may do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from gaugeboard.store.oauth_models import OAuthAccessToken
from gaugeboard.store.types import utcnow
from tests.auth.oauth_fixtures import TOKEN_URL, b64, bearer, fetch_token
from tests.conftest import state

MakeClient = Callable[..., tuple[str, str]]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings_overrides, "LOGIN_MAX_ATTEMPTS": 3}


def form(client_id: str, secret: str, grant: str = "client_credentials") -> dict[str, str]:
    return {"grant_type": grant, "client_id": client_id, "client_secret": secret}


# --- the exchange --------------------------------------------------------------------------


def test_a_client_gets_a_bearer_token(client: FlaskClient, make_client: MakeClient) -> None:
    response = client.post(TOKEN_URL, data=form(*make_client()))
    body = response.get_json()
    assert (response.status_code, body["token_type"], body["expires_in"]) == (200, "bearer", 3600)
    assert body["access_token"].startswith("gba_")


def test_the_answer_is_never_cached(client: FlaskClient, make_client: MakeClient) -> None:
    response = client.post(TOKEN_URL, data=form(*make_client()))
    assert (response.headers["Cache-Control"], response.headers["Pragma"]) == (
        "no-store",
        "no-cache",
    )


def test_clicdatas_address_gives_the_same_answer(
    client: FlaskClient, make_client: MakeClient
) -> None:
    response = client.post("/api/oauth20/token", data=form(*make_client()))
    assert (response.status_code, response.get_json()["token_type"]) == (200, "bearer")


def test_the_client_may_authenticate_with_http_basic(
    client: FlaskClient, make_client: MakeClient
) -> None:
    client_id, secret = make_client()
    headers = {"Authorization": f"Basic {b64(f'{client_id}:{secret}')}"}
    response = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}, headers=headers)
    assert response.status_code == 200


def test_the_lifetime_is_the_setting(
    app_factory: Callable[..., Flask], make_client: MakeClient
) -> None:
    short = app_factory(OAUTH_TOKEN_SECONDS=7).test_client()
    assert short.post(TOKEN_URL, data=form(*make_client())).get_json()["expires_in"] == 7


def test_unknown_fields_such_as_scope_are_ignored(
    client: FlaskClient, make_client: MakeClient
) -> None:
    response = client.post(TOKEN_URL, data={**form(*make_client()), "scope": "read"})
    assert response.status_code == 200


# --- form errors: 400, RFC 6749 shape and the house fields --------------------------------


def test_an_empty_form_names_every_missing_field(client: FlaskClient) -> None:
    response = client.post(TOKEN_URL, data={})
    body = response.get_json()
    assert (response.status_code, body["error"], body["code"], body["ok"]) == (
        400,
        "invalid_request",
        "invalid_request",
        False,
    )
    named = [problem.split(":")[0] for problem in body["errors"]]
    assert named == ["grant_type", "client_id", "client_secret"]


def test_the_description_repeats_the_problems(client: FlaskClient) -> None:
    body = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}).get_json()
    assert body["error_description"] == "; ".join(body["errors"]) and body["status"] == 400


def test_a_missing_secret_is_named(client: FlaskClient, make_client: MakeClient) -> None:
    client_id, _secret = make_client()
    response = client.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": client_id}
    )
    assert response.get_json()["errors"] == [
        "client_secret: is required (in the form, or both in an HTTP Basic header)"
    ]


def test_another_grant_type_is_unsupported(client: FlaskClient, make_client: MakeClient) -> None:
    response = client.post(TOKEN_URL, data=form(*make_client(), grant="password"))
    body = response.get_json()
    assert (response.status_code, body["error"]) == (400, "unsupported_grant_type")
    assert body["errors"][0].startswith("grant_type: 'password' is not supported")


def test_a_repeated_field_is_refused(client: FlaskClient, make_client: MakeClient) -> None:
    client_id, secret = make_client()
    data = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_id", client_id),
        ("client_secret", secret),
    ]
    response = client.post(
        TOKEN_URL,
        data="&".join(f"{k}={v}" for k, v in data),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.get_json()["errors"] == ["client_id: must be sent once"]


def test_credentials_in_both_places_are_refused(
    client: FlaskClient, make_client: MakeClient
) -> None:
    client_id, secret = make_client()
    headers = {"Authorization": f"Basic {b64(f'{client_id}:{secret}')}"}
    response = client.post(TOKEN_URL, data=form(client_id, secret), headers=headers)
    body = response.get_json()
    assert (response.status_code, body["error"]) == (400, "invalid_request")
    assert [problem.split(":")[0] for problem in body["errors"]] == ["client_id", "client_secret"]


def test_a_json_body_is_refused(client: FlaskClient, make_client: MakeClient) -> None:
    response = client.post(TOKEN_URL, json=form(*make_client()))
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["body: send the token request as application/x-www-form-urlencoded"],
    )


def test_a_nul_in_a_field_is_named(client: FlaskClient) -> None:
    response = client.post(TOKEN_URL, data=form("gbc_x\x00", "s"))
    assert response.get_json()["errors"][0].startswith("client_id: ")


# --- client errors: 401 invalid_client -----------------------------------------------------


def test_a_wrong_secret_is_invalid_client(client: FlaskClient, make_client: MakeClient) -> None:
    client_id, _secret = make_client()
    response = client.post(TOKEN_URL, data=form(client_id, "gbs_wrong"))
    body = response.get_json()
    assert (response.status_code, body["error"], body["code"]) == (
        401,
        "invalid_client",
        "invalid_client",
    )
    assert "WWW-Authenticate" not in response.headers


def test_an_unknown_client_gets_the_same_answer(client: FlaskClient) -> None:
    response = client.post(TOKEN_URL, data=form("gbc_" + "0" * 32, "gbs_wrong"))
    assert (response.status_code, response.get_json()["error"]) == (401, "invalid_client")


def test_a_wrong_basic_client_gets_a_challenge(client: FlaskClient) -> None:
    headers = {"Authorization": f"Basic {b64('gbc_nobody:wrong')}"}
    response = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}, headers=headers)
    assert (response.status_code, response.headers["WWW-Authenticate"]) == (
        401,
        'Basic realm="gaugeboard"',
    )


def test_unreadable_basic_client_credentials_are_invalid_client(client: FlaskClient) -> None:
    headers = {"Authorization": "Basic %%%"}
    response = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}, headers=headers)
    assert (response.status_code, response.get_json()["error"]) == (401, "invalid_client")


def test_a_nul_in_a_basic_client_id_is_invalid_client(client: FlaskClient) -> None:
    headers = {"Authorization": f"Basic {b64('gbc_x%00y:secret')}"}
    response = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}, headers=headers)
    assert (response.status_code, response.get_json()["error"]) == (401, "invalid_client")


def test_a_revoked_client_gets_no_token(
    client: FlaskClient, make_client: MakeClient, auth_headers: dict[str, str]
) -> None:
    client_id, secret = make_client()
    client.delete(f"/api/oauth/client/{client_id}", headers=auth_headers)
    response = client.post(TOKEN_URL, data=form(client_id, secret))
    assert (response.status_code, response.get_json()["error"]) == (401, "invalid_client")


def test_failed_exchanges_are_rate_limited(client: FlaskClient, make_client: MakeClient) -> None:
    client_id, secret = make_client()
    for _ in range(3):
        client.post(TOKEN_URL, data=form(client_id, "gbs_wrong"))
    response = client.post(TOKEN_URL, data=form(client_id, secret))
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_a_good_exchange_clears_the_clients_failures(
    client: FlaskClient, make_client: MakeClient
) -> None:
    """Each address stays under its own limit here, so only the client's count can refuse."""
    client_id, secret = make_client()

    def send(address: str, secret: str) -> int:
        environ = {"REMOTE_ADDR": address}
        return client.post(
            TOKEN_URL, data=form(client_id, secret), environ_base=environ
        ).status_code

    tries = [send("10.0.0.1", "gbs_wrong"), send("10.0.0.1", "gbs_wrong"), send("10.0.0.2", secret)]
    tries += [
        send("10.0.0.3", "gbs_wrong"),
        send("10.0.0.3", "gbs_wrong"),
        send("10.0.0.4", secret),
    ]
    assert tries == [401, 401, 200, 401, 401, 200]


def test_an_address_stays_limited_after_a_good_exchange(
    client: FlaskClient, make_client: MakeClient
) -> None:
    client_id, secret = make_client()
    client.post(TOKEN_URL, data=form(client_id, "gbs_wrong"))
    client.post(TOKEN_URL, data=form(client_id, "gbs_wrong"))
    fetch_token(client, client_id, secret)
    client.post(TOKEN_URL, data=form(client_id, "gbs_wrong"))
    assert client.post(TOKEN_URL, data=form(client_id, secret)).status_code == 429


# --- using the token ------------------------------------------------------------------------


def test_the_token_acts_as_the_clients_user(
    client: FlaskClient, make_client: MakeClient, make_user: Callable[..., Any]
) -> None:
    make_user("olga", role="editor")
    token = fetch_token(client, *make_client(user_name="olga"))
    body = client.get("/api/user/me", headers=bearer(token)).get_json()
    assert (body["user"]["name"], body["user"]["role"], body["via"]) == ("olga", "editor", "oauth")


def test_the_token_works_with_the_token_scheme_too(
    client: FlaskClient, make_client: MakeClient
) -> None:
    token = fetch_token(client, *make_client())
    response = client.get("/api/user/me", headers={"Authorization": f"token {token}"})
    assert response.status_code == 200


def test_an_expired_token_is_401(app: Flask, client: FlaskClient, make_client: MakeClient) -> None:
    token = fetch_token(client, *make_client())
    with state(app).database.sessions() as session:
        past = utcnow() - timedelta(seconds=1)
        session.execute(update(OAuthAccessToken).values(expires_at=past))
        session.commit()
    response = client.get("/api/user/me", headers=bearer(token))
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid, expired or revoked token.",
    )


def test_revoking_the_client_ends_its_tokens(
    client: FlaskClient, make_client: MakeClient, auth_headers: dict[str, str]
) -> None:
    client_id, secret = make_client()
    token = fetch_token(client, client_id, secret)
    client.delete(f"/api/oauth/client/{client_id}", headers=auth_headers)
    assert client.get("/api/user/me", headers=bearer(token)).status_code == 401


def test_deactivating_the_user_ends_the_token(
    client: FlaskClient, make_client: MakeClient, auth_headers: dict[str, str], make_user: Any
) -> None:
    make_user("vic")
    token = fetch_token(client, *make_client(user_name="vic"))
    client.put("/api/user/vic", json={"active": False}, headers=auth_headers)
    assert client.get("/api/user/me", headers=bearer(token)).status_code == 401


def test_a_viewers_token_cannot_do_admin_things(
    client: FlaskClient, make_client: MakeClient
) -> None:
    token = fetch_token(client, *make_client("viewer"))
    body = {"name": "mallory", "password": "a long password", "role": "admin"}
    response = client.post("/api/user", json=body, headers=bearer(token))
    assert response.status_code == 403


def test_an_admins_token_can_do_admin_things(client: FlaskClient, make_client: MakeClient) -> None:
    token = fetch_token(client, *make_client("admin"))
    body = {"name": "newbie", "password": "a long password", "role": "viewer"}
    assert client.post("/api/user", json=body, headers=bearer(token)).status_code == 201


def test_a_token_cannot_mint_lasting_credentials(
    client: FlaskClient, make_client: MakeClient
) -> None:
    token = fetch_token(client, *make_client("admin"))
    minted = [
        client.post("/api/token", json={"label": "forever"}, headers=bearer(token)),
        client.post("/api/oauth/client", json={"name": "heir"}, headers=bearer(token)),
    ]
    assert [response.status_code for response in minted] == [403, 403]


def test_an_unknown_access_token_is_401(client: FlaskClient) -> None:
    assert client.get("/api/user/me", headers=bearer("gba_nope")).status_code == 401


def test_expired_tokens_are_deleted_on_the_next_exchange(
    app: Flask, client: FlaskClient, make_client: MakeClient
) -> None:
    client_id, secret = make_client()
    fetch_token(client, client_id, secret)
    with state(app).database.sessions() as session:
        session.execute(update(OAuthAccessToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    fetch_token(client, client_id, secret)
    with state(app).database.sessions() as session:
        assert session.query(OAuthAccessToken).count() == 1
