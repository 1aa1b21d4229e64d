"""``/e`` as the reference documents it (which its own code never did)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.events import tail_count
from tests.conftest import login, state
from tests.events.helpers import encode_d, listed


def stored_count(app: Flask) -> int:
    with state(app).database.sessions() as session:
        return tail_count(session)


def test_get_records_an_event_and_answers_text_1(client: FlaskClient, event_key: str) -> None:
    response = client.get("/e", query_string={"_k": event_key, "_n": "Signup"})
    assert (response.status_code, response.mimetype, response.data) == (200, "text/plain", b"1")


def test_other_parameters_become_properties(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.get(f"/e?_k={event_key}&_p=bob@bob.com&_n=Signup&gender=male")
    event = listed(client, auth_headers)[0]
    assert (event["person"], event["properties"]) == ("bob@bob.com", {"gender": "male"})


def test_time_parameter_is_honoured(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "x", "_t": "1700000000.25"})
    assert listed(client, auth_headers)[0]["time"] == 1700000000.25


def test_missing_time_uses_the_server_clock(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    import time

    before = time.time()
    client.get("/e", query_string={"_k": event_key, "_n": "x"})
    assert before - 1 <= listed(client, auth_headers)[0]["time"] <= time.time() + 1


def test_missing_name_answers_0(app: Flask, client: FlaskClient, event_key: str) -> None:
    response = client.get("/e", query_string={"_k": event_key, "gender": "male"})
    assert (response.status_code, response.data, stored_count(app)) == (400, b"0", 0)


def test_missing_key_answers_0(client: FlaskClient) -> None:
    assert client.get("/e", query_string={"_n": "x"}).data == b"0"


def test_unknown_key_answers_0(client: FlaskClient) -> None:
    assert client.get("/e", query_string={"_k": "gbk_nope", "_n": "x"}).data == b"0"


def test_revoked_key_answers_0(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    key_id = client.get("/api/event/key", headers=auth_headers).get_json()["items"][0]["id"]
    client.delete(f"/api/event/key/{key_id}", headers=auth_headers)
    state(client.application).key_cache.ttl_seconds = 0
    assert client.get("/e", query_string={"_k": event_key, "_n": "x"}).data == b"0"


def test_d_with_one_object_is_stored_with_its_properties(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    data = encode_d({"_n": "Purchase", "_p": "ann", "plan": "pro"})
    client.get("/e", query_string={"_k": event_key, "_d": data})
    event = listed(client, auth_headers)[0]
    assert (event["name"], event["person"], event["properties"]) == (
        "Purchase",
        "ann",
        {"plan": "pro"},
    )


def test_d_with_a_list_stores_every_event(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    data = encode_d([{"_n": "a", "customProperty": 1}, {"_n": "b"}])
    client.get("/e", query_string={"_k": event_key, "_d": data})
    assert sorted(e["name"] for e in listed(client, auth_headers)) == ["a", "b"]


def test_request_parameters_are_defaults_for_d_events(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    data = encode_d([{"_n": "a"}, {"_n": "b", "_p": "own"}])
    client.get("/e", query_string={"_k": event_key, "_d": data, "_p": "shared"})
    assert sorted(e["person"] for e in listed(client, auth_headers)) == ["own", "shared"]


def test_bad_base64_answers_0(client: FlaskClient, event_key: str) -> None:
    assert client.get("/e", query_string={"_k": event_key, "_d": "%%%not-base64"}).data == b"0"


def test_base64_of_bad_json_answers_0(client: FlaskClient, event_key: str) -> None:
    data = encode_d("placeholder").replace(encode_d("placeholder"), "bm90IGpzb24=")
    assert client.get("/e", query_string={"_k": event_key, "_d": data}).data == b"0"


def test_form_post_fields_become_the_event(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.post(f"/e?_k={event_key}", data={"_n": "Signup", "_p": "cy", "source": "ad"})
    event = listed(client, auth_headers)[0]
    assert (event["name"], event["person"], event["properties"]) == (
        "Signup",
        "cy",
        {"source": "ad"},
    )


def test_json_object_post_is_stored(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    response = client.post(f"/e?_k={event_key}", json={"_n": "Signup", "plan": "free"})
    assert response.data == b"1" and listed(client, auth_headers)[0]["properties"] == {
        "plan": "free"
    }


def test_json_list_post_stores_every_event(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.post(f"/e?_k={event_key}", json=[{"_n": "a"}, {"_n": "b"}, {"_n": "c"}])
    assert len(listed(client, auth_headers)) == 3


def test_batch_with_one_bad_event_stores_nothing(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    response = client.post(f"/e?_k={event_key}", json=[{"_n": "a"}, {"_p": "no name"}])
    assert (response.data, stored_count(app)) == (b"0", 0)


def test_name_over_255_characters_answers_0(client: FlaskClient, event_key: str) -> None:
    assert client.get("/e", query_string={"_k": event_key, "_n": "x" * 256}).data == b"0"


def test_person_over_255_characters_answers_0(client: FlaskClient, event_key: str) -> None:
    assert client.get("/e", query_string={"_k": event_key, "_n": "x", "_p": "p" * 256}).data == b"0"


def test_property_value_over_8_kib_answers_0(client: FlaskClient, event_key: str) -> None:
    assert client.post(f"/e?_k={event_key}", json={"_n": "x", "blob": "b" * 9000}).data == b"0"


def test_more_than_1000_events_answers_0(client: FlaskClient, event_key: str) -> None:
    assert client.post(f"/e?_k={event_key}", json=[{"_n": "x"}] * 1001).data == b"0"


def test_time_far_in_the_future_answers_0(client: FlaskClient, event_key: str) -> None:
    assert (
        client.get("/e", query_string={"_k": event_key, "_n": "x", "_t": "9999999999"}).data == b"0"
    )


def test_pixel_returns_a_gif_and_stores_the_event(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    response = client.get("/e.gif", query_string={"_k": event_key, "_n": "view"})
    assert (response.mimetype, response.headers["X-Gaugeboard-Stored"], stored_count(app)) == (
        "image/gif",
        "1",
        1,
    )


def test_tracking_allows_any_origin(client: FlaskClient, event_key: str) -> None:
    response = client.get("/e", query_string={"_k": event_key, "_n": "x"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_signed_in_browser_posts_without_csrf(
    client: FlaskClient, event_key: str, make_user: Callable[..., object]
) -> None:
    make_user("ann")
    login(client, "ann")
    response = client.post(
        f"/e?_k={event_key}", json={"_n": "x"}, headers={"Origin": "https://shop.example"}
    )
    assert response.data == b"1"
