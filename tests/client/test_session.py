"""Sessions: credentials, the process-wide default and a session per object, retries on
429 and 5xx for calls that are safe to send twice (never a POST), and typed errors that
carry the server's own fields."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from gaugeboard.client import (
    Account,
    BadRequest,
    Data,
    Forbidden,
    GaugeboardError,
    NotFound,
    RateLimited,
    ServerError,
    Session,
    SessionManager,
    TransportFailed,
    Unauthorized,
    connect,
)
from tests.client.conftest import BASE
from tests.client.wsgi import Recorder

# --- credentials and addresses --------------------------------------------------------------


def test_a_token_session_acts_as_its_user(session: Session) -> None:
    assert session.get("api/user/me")["via"] == "token"


def test_a_wrong_token_is_unauthorized(open_session: Callable[..., Session]) -> None:
    with pytest.raises(Unauthorized) as refused:
        Data(session=open_session(token="gbt_wrong")).get_data(output="dict")
    assert (refused.value.status, refused.value.body["ok"]) == (401, False)


def test_an_address_ending_in_api_is_the_same_server(wsgi: Recorder, admin_token: str) -> None:
    transport = httpx.WSGITransport(app=wsgi)
    with Session(f"{BASE}/api/", token=admin_token, transport=transport) as session:
        assert (session.url, Data(session=session).get_data(output="dict")) == (BASE, [])


def test_two_kinds_of_credentials_are_refused() -> None:
    with pytest.raises(ValueError, match="one kind of credentials"):
        Session(BASE, token="t", username="ann", password="pw")


def test_an_auth_method_that_does_not_match_the_credentials_is_refused() -> None:
    with pytest.raises(ValueError, match="auth_method"):
        Session(BASE, token="t", auth_method="basic")


def test_client_credentials_need_the_client_id() -> None:
    with pytest.raises(ValueError, match="client_id"):
        Session(BASE, client_secret="s")


def test_an_address_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="url"):
        Session("ftp://example.com", token="t")


def test_the_timeout_applies_to_every_call() -> None:
    with Session(BASE, token="t", timeout=5) as session:
        timeout = session.http.timeout
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (5, 5, 5, 5)


# --- the default session and a session per object ---------------------------------------------


def test_objects_use_the_default_session(wsgi: Recorder, admin_token: str) -> None:
    connect(BASE, token=admin_token, transport=httpx.WSGITransport(app=wsgi))
    assert Data().get_data(output="dict") == []


def test_the_default_is_looked_up_at_each_call(wsgi: Recorder, admin_token: str) -> None:
    data = Data()
    SessionManager(BASE, token=admin_token, transport=httpx.WSGITransport(app=wsgi))
    assert data.get_data(output="dict") == []


def test_a_new_default_closes_the_one_it_replaces(wsgi: Recorder, admin_token: str) -> None:
    first = connect(BASE, token=admin_token, transport=httpx.WSGITransport(app=wsgi))
    second = connect(BASE, token=admin_token, transport=httpx.WSGITransport(app=wsgi))
    assert (first.http.is_closed, second.http.is_closed) == (True, False)


def test_without_any_session_the_error_says_how_to_open_one() -> None:
    with pytest.raises(RuntimeError, match="connect"):
        Data().get_data()


def test_an_object_with_its_own_session_ignores_the_default(
    wsgi: Recorder, admin_token: str, make_token: Callable[..., str]
) -> None:
    connect(BASE, token=admin_token, transport=httpx.WSGITransport(app=wsgi))
    viewer = Session(BASE, token=make_token("viewer"), transport=httpx.WSGITransport(app=wsgi))
    with viewer, pytest.raises(Forbidden):
        Account(session=viewer).get_account()
    assert Account().get_account(output="dict")["usage"]["users"] == 2


def test_an_object_opens_a_session_of_its_own_from_connection_arguments(
    wsgi: Recorder, make_token: Callable[..., str]
) -> None:
    transport = httpx.WSGITransport(app=wsgi)
    data = Data(url=BASE, token=make_token("editor"), transport=transport)
    with data.session:
        assert data.session.get("api/user/me")["user"]["role"] == "editor"


def test_a_session_and_connection_arguments_together_are_refused(session: Session) -> None:
    with pytest.raises(TypeError):
        Data(session=session, token="t")


# --- retries ------------------------------------------------------------------------------------


def test_a_read_answered_503_is_sent_again_and_succeeds(data: Data, wsgi: Recorder) -> None:
    wsgi.fail(times=2, status=503, method="GET")
    assert data.get_data(output="dict") == [] and wsgi.paths("GET") == ["/api/data"] * 3


def test_a_429_waits_as_asked_and_is_sent_again(data: Data, wsgi: Recorder) -> None:
    wsgi.fail(times=1, status=429, method="GET", headers={"Retry-After": "0"})
    assert data.get_data(output="dict") == [] and len(wsgi.paths("GET")) == 2


def test_retries_end_with_the_last_error_and_its_fields(
    open_session: Callable[..., Session], admin_token: str, wsgi: Recorder
) -> None:
    wsgi.fail(times=10, status=503, method="GET")
    with pytest.raises(ServerError) as failed:
        Data(session=open_session(token=admin_token, retries=2)).get_data()
    got = (failed.value.status, failed.value.code, failed.value.errors, len(wsgi.calls))
    assert got == (503, "busy", ["busy (503)"], 3)


def test_an_append_answered_503_is_never_sent_again(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("once", "", {"n": "integer"})
    wsgi.fail(times=1, status=503, method="POST")
    with pytest.raises(ServerError):
        data.append_data(rec_id, [{"n": 1}])
    assert wsgi.paths("POST") == ["/api/data", f"/api/data/{rec_id}/row"]


def test_a_rate_limited_append_is_not_sent_again_and_says_when_to_retry(
    data: Data, wsgi: Recorder
) -> None:
    rec_id = data.create_data("limited", "", {"n": "integer"})
    wsgi.fail(times=1, status=429, method="POST", headers={"Retry-After": "7"})
    with pytest.raises(RateLimited) as limited:
        data.append_data(rec_id, [{"n": 1}])
    assert (limited.value.retry_after, data.get_data_info(rec_id)["row_count"]) == (7.0, 0)


def test_an_update_answered_502_is_sent_again(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("keyed", "", {"k": "text", "v": "integer"}, key_columns=["k"])
    data.append_data(rec_id, [{"k": "a", "v": 1}])
    wsgi.fail(times=1, status=502, method="PUT")
    assert data.update_data(rec_id, [{"k": "a", "v": 2}], ["k"])["rows_updated"] == 1


def test_a_delete_of_all_matches_is_sent_again(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("del", "", {"k": "text"})
    data.append_data(rec_id, [{"k": "a"}, {"k": "a"}])
    wsgi.fail(times=1, status=500, method="DELETE")
    assert data.delete_data(rec_id, {"k": "a"})["rows_deleted"] == 2


def test_a_delete_of_the_first_match_is_never_sent_again(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("first", "", {"k": "text"})
    data.append_data(rec_id, [{"k": "a"}, {"k": "a"}])
    wsgi.fail(times=1, status=503, method="DELETE")
    with pytest.raises(ServerError):
        data.delete_data(rec_id, {"k": "a"}, multiple_rows="first")
    assert data.get_data_info(rec_id)["row_count"] == 2 and len(wsgi.paths("DELETE")) == 1


def test_a_client_error_is_never_sent_again(data: Data, wsgi: Recorder) -> None:
    with pytest.raises(NotFound):
        data.get_data(424242)
    assert len(wsgi.calls) == 1


class Unreachable(httpx.BaseTransport):
    """Fails the first ``times`` calls with ``error`` before they leave, then passes on."""

    def __init__(self, inner: httpx.BaseTransport, error: type[Exception], times: int) -> None:
        self.inner, self.error, self.times = inner, error, times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.times > 0:
            self.times -= 1
            raise self.error("on purpose", request=request)
        return self.inner.handle_request(request)


def test_a_connection_that_could_not_open_is_tried_again_even_for_a_post(
    wsgi: Recorder, admin_token: str
) -> None:
    transport = Unreachable(httpx.WSGITransport(app=wsgi), httpx.ConnectError, 1)
    with Session(BASE, token=admin_token, transport=transport, backoff=0) as session:
        rec_id = Data(session=session).create_data("after a refusal", "", {"n": "integer"})
    assert wsgi.paths("POST") == ["/api/data"] and rec_id > 0


def test_a_post_whose_answer_timed_out_is_not_sent_again(wsgi: Recorder, admin_token: str) -> None:
    transport = Unreachable(httpx.WSGITransport(app=wsgi), httpx.ReadTimeout, 1)
    with (
        Session(BASE, token=admin_token, transport=transport, backoff=0) as session,
        pytest.raises(TransportFailed) as failed,
    ):
        Data(session=session).create_data("maybe", "", {"n": "integer"})
    assert (failed.value.status, failed.value.code) == (0, "transport_error")


def test_a_read_whose_answer_timed_out_is_sent_again(wsgi: Recorder, admin_token: str) -> None:
    transport = Unreachable(httpx.WSGITransport(app=wsgi), httpx.ReadTimeout, 2)
    with Session(BASE, token=admin_token, transport=transport, backoff=0) as session:
        assert Data(session=session).get_data(output="dict") == []


# --- typed errors ------------------------------------------------------------------------------


def test_a_validation_error_lists_every_problem_with_its_position(data: Data) -> None:
    rec_id = data.create_data("checked", "", {"n": "integer", "x": "number"})
    with pytest.raises(BadRequest) as refused:
        data.append_data(rec_id, [{"n": "one", "x": 1}, {"n": 2, "colour": "red"}])
    error = refused.value
    assert (error.status, error.code, error.errors) == (
        400,
        "validation_failed",
        ["rows[0].n: 'one' is not a number", "rows[1].colour: no such column"],
    )


def test_an_error_keeps_the_whole_body(data: Data) -> None:
    with pytest.raises(NotFound) as missing:
        data.get_data(424242)
    assert missing.value.body == {
        "ok": False,
        "status": 404,
        "code": "not_found",
        "error": "no data set 424242",
        "errors": ["no data set 424242"],
    }


def test_every_error_is_a_gaugeboard_error(
    open_session: Callable[..., Session], make_token: Callable[..., str]
) -> None:
    with pytest.raises(GaugeboardError) as refused:
        Account(session=open_session(token=make_token("viewer"))).get_account()
    assert type(refused.value) is Forbidden and str(refused.value).startswith("403 ")
