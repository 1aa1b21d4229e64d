"""Remote url sources against a real HTTP server: address rules, allow-list, redirects,
size and time limits, and the answers that are not usable JSON."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

import pytest

from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.sources.url_fetch import Network, UrlPolicy, host_allowed
from gaugeboard.sources.url_source import url_payload
from tests.sources.json_server import JsonServer

OPEN = UrlPolicy(allow_private=True, timeout_seconds=5)


def fetch(url: str, policy: UrlPolicy = OPEN, network: Network | None = None) -> Any:
    return url_payload(UrlSource(type="url", url=url), {}, policy, None, network)


def failure(url: str, policy: UrlPolicy = OPEN, network: Network | None = None) -> str:
    with pytest.raises(SourceFailed) as caught:
        fetch(url, policy, network)
    return caught.value.message


def hosts(table: dict[str, str]) -> Callable[[str, int], list[str]]:
    """Name resolution from a fixed table, like an /etc/hosts file of the test."""
    return lambda host, _port: [table[host]]


# In the tests that need a public server, 127.0.0.1 plays it and 127.0.0.2 a private one.
PLAYED_PUBLIC = {"127.0.0.1"}


def played_public(address: str) -> bool:
    return address in PLAYED_PUBLIC


def test_json_is_fetched_when_private_addresses_are_allowed(server: JsonServer) -> None:
    assert fetch(server.url("/json")) == {"hello": "world"}


def test_loopback_address_is_refused_by_default(server: JsonServer) -> None:
    message = failure(server.url("/json"), UrlPolicy())
    assert message == (
        "url: the host '127.0.0.1' resolves to the non-public address 127.0.0.1; "
        "set GAUGEBOARD_URL_ALLOW_PRIVATE to allow it"
    )


def test_refused_address_is_never_contacted(server: JsonServer) -> None:
    failure(server.url("/json"), UrlPolicy())
    assert server.requests == []


def test_name_resolving_to_loopback_is_refused(server: JsonServer) -> None:
    assert "'localhost' resolves to the non-public address" in failure(
        server.url("/json", host="localhost"), UrlPolicy()
    )


def test_loopback_written_as_one_number_is_refused(server: JsonServer) -> None:
    assert "non-public address 127.0.0.1" in failure(
        server.url("/json", host="2130706433"), UrlPolicy()
    )


def test_ipv6_loopback_is_refused() -> None:
    assert "non-public address ::1" in failure("http://[::1]:9/json", UrlPolicy())


def test_unresolvable_host_is_named() -> None:
    assert failure("http://nothing.invalid/x").startswith(
        "url: the host 'nothing.invalid' does not resolve"
    )


def test_host_off_the_allow_list_is_refused(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, allowed_hosts=("example.com",))
    assert failure(server.url("/json"), policy) == (
        "url: the host '127.0.0.1' is not in URL_ALLOWED_HOSTS"
    )


def test_host_on_the_allow_list_is_fetched(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, allowed_hosts=("localhost",))
    assert fetch(server.url("/json", host="localhost"), policy) == {"hello": "world"}


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("api.example.com", True),
        ("deep.api.example.com", True),
        ("API.Example.com.", True),
        ("example.com", False),
        ("badexample.com", False),
        ("example.com.evil.org", False),
    ],
)
def test_wildcard_allows_subdomains_only(host: str, allowed: bool) -> None:
    assert host_allowed(host, ("*.example.com",)) is allowed


def test_empty_allow_list_allows_any_host() -> None:
    assert host_allowed("anything.org", ())


def test_redirect_is_followed(server: JsonServer) -> None:
    assert fetch(server.url("/redirect?to=/json")) == {"hello": "world"}


def test_redirects_up_to_the_limit_are_followed(server: JsonServer) -> None:
    assert fetch(server.url("/chain?n=3")) == {"arrived": True}


def test_too_many_redirects_fail(server: JsonServer) -> None:
    assert failure(server.url("/chain?n=4")) == "url: more than 3 redirects (URL_MAX_REDIRECTS)"


def test_no_redirect_is_followed_when_the_limit_is_zero(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, max_redirects=0)
    assert failure(server.url("/chain?n=1"), policy) == (
        "url: more than 0 redirects (URL_MAX_REDIRECTS)"
    )


def test_redirect_to_a_private_address_is_refused(server: JsonServer) -> None:
    network = Network(is_public=played_public)
    target = f"http://127.0.0.2:{server.port}/json"
    message = failure(server.url(f"/redirect?to={target}"), UrlPolicy(), network)
    assert message == (
        f"url: redirect to {target} refused: the host '127.0.0.2' resolves to the "
        "non-public address 127.0.0.2; set GAUGEBOARD_URL_ALLOW_PRIVATE to allow it"
    )


def test_redirect_to_a_host_off_the_allow_list_is_refused(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, allowed_hosts=("localhost",))
    target = server.url("/json")
    message = failure(server.url(f"/redirect?to={target}", host="localhost"), policy)
    assert message == (
        f"url: redirect to {target} refused: the host '127.0.0.1' is not in URL_ALLOWED_HOSTS"
    )


def test_redirect_to_another_scheme_is_refused(server: JsonServer) -> None:
    assert failure(server.url("/redirect?to=file:///etc/passwd")) == (
        "url: redirect to file:///etc/passwd refused: only http and https URLs are allowed"
    )


def test_connection_goes_to_the_address_that_was_checked(server: JsonServer) -> None:
    answers = iter(["127.0.0.1", "127.0.0.2"])
    asked: list[str] = []

    def rebinding(host: str, _port: int) -> list[str]:
        asked.append(host)
        return [next(answers)]

    network = Network(resolve=rebinding, is_public=played_public)
    body = fetch(server.url("/echo", host="rebind.test"), UrlPolicy(), network)
    assert (asked, body["host"]) == (["rebind.test"], f"rebind.test:{server.port}")


def test_body_over_the_limit_stops_the_download(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, max_bytes=100_000)
    message = failure(server.url("/huge"), policy)
    assert message == (
        f"url: the response of {server.url('/huge')} is larger than URL_MAX_BYTES "
        "(100000 bytes); reading stopped"
    )
    assert server.aborted.wait(5)


def test_declared_length_over_the_limit_fails_before_reading(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, max_bytes=100_000)
    assert "is larger than URL_MAX_BYTES (100000 bytes)" in failure(
        server.url("/declared-huge"), policy
    )


def test_slow_answer_times_out(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, timeout_seconds=0.2)
    assert failure(server.url("/slow"), policy) == (
        f"url: {server.url('/slow')} did not answer within 0.2 seconds (URL_TIMEOUT_SECONDS)"
    )


def test_dripping_body_is_stopped_at_the_time_limit(server: JsonServer) -> None:
    policy = UrlPolicy(allow_private=True, timeout_seconds=0.5)
    began = time.monotonic()
    assert "did not answer within 0.5 seconds" in failure(server.url("/drip"), policy)
    assert time.monotonic() - began < 2


def test_non_json_body_is_an_error(server: JsonServer) -> None:
    assert failure(server.url("/bytes")).startswith("url: the response is not JSON (")


def test_html_body_is_handed_on_as_text(server: JsonServer) -> None:
    assert fetch(server.url("/text")) == "<html>hello</html>"


def test_server_error_names_the_status(server: JsonServer) -> None:
    assert failure(server.url("/fail")) == f"url: {server.url('/fail')} answered HTTP 500"


def test_error_after_a_redirect_names_the_last_hop(server: JsonServer) -> None:
    assert failure(server.url("/redirect?to=/fail")) == (
        f"url: {server.url('/fail')} answered HTTP 500"
    )


def test_query_string_is_left_out_of_messages(server: JsonServer) -> None:
    assert "secret" not in failure(server.url("/fail?api_key=secret"))


def test_closed_port_is_a_connection_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert failure(f"http://127.0.0.1:{port}/json").startswith(
        f"url: fetching http://127.0.0.1:{port}/json failed ("
    )


def test_failures_are_source_failed_errors(server: JsonServer) -> None:
    with pytest.raises(SourceFailed) as caught:
        fetch(server.url("/fail"))
    assert (caught.value.status, caught.value.code) == (502, "source_failed")
