"""The client's OAuth client credentials and ClicData's Basic scheme against the real app:
a token fetched once and shared, renewed before it expires and after a 401, a revoked client
as a typed error, and Basic in both of ClicData's spellings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import delete

from gaugeboard.client import ClientCredentials, Data, Session, Unauthorized, User
from gaugeboard.store.oauth_models import OAuthAccessToken
from tests.client.conftest import BASE
from tests.client.wsgi import Recorder
from tests.conftest import DEFAULT_PASSWORD, state

ME = "api/user/me"


@pytest.fixture
def oauth_client(runner: Callable[..., Result], make_user: Callable[..., Any]) -> tuple[str, str]:
    """An OAuth client of the editor ``olga``, made by the command line: (id, secret)."""
    make_user("olga", role="editor")
    result = runner("oauth-clients", "create", "olga")
    assert result.exit_code == 0, result.output
    client_id, secret = result.output.strip().splitlines()[-1].split(" ")
    return client_id, secret


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- OAuth client credentials ----------------------------------------------------------------


def test_client_credentials_act_as_the_clients_user(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    client_id, secret = oauth_client
    session = open_session(client_id=client_id, client_secret=secret)
    me = session.get(ME)
    assert (me["user"]["name"], me["via"]) == ("olga", "oauth")


def test_the_clicdata_auth_method_name_is_accepted(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    client_id, secret = oauth_client
    session = open_session(
        auth_method="client_credentials", client_id=client_id, client_secret=secret
    )
    assert User(session=session).get_me()["name"] == "olga"


def test_one_token_serves_many_calls(
    open_session: Callable[..., Session], oauth_client: tuple[str, str], wsgi: Recorder
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    for _ in range(3):
        Data(session=session).get_data(output="dict")
    assert (credentials.fetches, wsgi.paths("POST")) == (1, ["/api/oauth/token"])


def test_a_fresh_token_is_kept(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    clock = Clock()
    credentials = ClientCredentials(*oauth_client, clock=clock)
    session = open_session(auth=credentials)
    session.get(ME)
    clock.now += 3600 - 61  # more than a minute of its hour left
    session.get(ME)
    assert credentials.fetches == 1


def test_the_token_is_renewed_before_it_expires(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    clock = Clock()
    credentials = ClientCredentials(*oauth_client, clock=clock)
    session = open_session(auth=credentials)
    session.get(ME)
    clock.now += 3600 - 30  # inside the last minute of its hour
    assert session.get(ME)["user"]["name"] == "olga" and credentials.fetches == 2


def test_a_tiny_lifetime_is_renewed_before_every_call(
    app_factory: Callable[..., Flask], oauth_client: tuple[str, str]
) -> None:
    """With OAUTH_TOKEN_SECONDS below the client's safety margin, no call waits for a token
    to run out: each one fetches a fresh token first."""
    short = app_factory(OAUTH_TOKEN_SECONDS=2)
    credentials = ClientCredentials(*oauth_client)
    transport = httpx.WSGITransport(app=short)
    with Session(BASE, auth=credentials, transport=transport, backoff=0) as session:
        names = [session.get(ME)["user"]["name"] for _ in range(3)]
        token = session.http.post(
            "api/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": oauth_client[0],
                "client_secret": oauth_client[1],
            },
        ).json()
    assert (names, credentials.fetches, token["expires_in"]) == (["olga"] * 3, 3, 2)


def test_a_token_the_server_refuses_is_fetched_again_once(
    open_session: Callable[..., Session], oauth_client: tuple[str, str], wsgi: Recorder
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    session.get(ME)
    wsgi.fail(times=1, status=401, path="/api/user/me")
    assert session.get(ME)["user"]["name"] == "olga" and credentials.fetches == 2


def test_a_token_gone_from_the_server_is_renewed(
    app: Flask, open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    session.get(ME)
    with state(app).database.sessions() as db:
        db.execute(delete(OAuthAccessToken))
        db.commit()
    assert session.get(ME)["user"]["name"] == "olga" and credentials.fetches == 2


def test_a_revoked_client_is_a_typed_error(
    open_session: Callable[..., Session],
    oauth_client: tuple[str, str],
    runner: Callable[..., Result],
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    session.get(ME)
    runner("oauth-clients", "revoke", oauth_client[0])
    with pytest.raises(Unauthorized) as refused:
        session.get(ME)
    error = refused.value
    assert (error.status, error.code, credentials.fetches) == (401, "invalid_client", 1)
    assert error.message.startswith("Invalid client credentials")


def test_a_wrong_secret_is_unauthorized(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    session = open_session(client_id=oauth_client[0], client_secret="gbs_wrong")
    with pytest.raises(Unauthorized):
        Data(session=session).get_data(output="dict")


# --- Basic ------------------------------------------------------------------------------------


def test_basic_without_a_client_id(
    open_session: Callable[..., Session], make_user: Callable[..., Any]
) -> None:
    make_user("bea", role="viewer")
    session = open_session(username="bea", password=DEFAULT_PASSWORD)
    me = session.get(ME)
    assert (me["user"]["name"], me["via"]) == ("bea", "basic")


def test_basic_with_a_client_id_as_clicdata_sends_it(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    session = open_session(
        auth_method="basic", client_id=oauth_client[0], username="olga", password=DEFAULT_PASSWORD
    )
    assert User(session=session).get_me()["name"] == "olga"


def test_plain_rfc_basic_works_too(wsgi: Recorder, make_user: Callable[..., Any]) -> None:
    make_user("bea", role="viewer")
    transport = httpx.WSGITransport(app=wsgi)
    with httpx.Client(base_url=BASE, transport=transport) as http:
        answer = http.get("/" + ME, auth=httpx.BasicAuth("bea", DEFAULT_PASSWORD))
    assert answer.json()["user"]["name"] == "bea"


def test_basic_with_a_wrong_password_is_unauthorized(
    open_session: Callable[..., Session], make_user: Callable[..., Any], wsgi: Recorder
) -> None:
    make_user("cid", role="viewer")
    with pytest.raises(Unauthorized):
        User(session=open_session(username="cid", password="not it at all")).get_me()
    assert wsgi.paths() == ["/api/user/me"]  # asked once: a password does not expire
