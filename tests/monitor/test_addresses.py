"""Server-side requests never reach private networks unless allowed."""

from __future__ import annotations

import pytest

from gaugeboard.net.addresses import url_problem


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    assert "non-public address" in (url_problem(url, allow_private=False) or "")


def test_private_addresses_pass_when_allowed() -> None:
    assert url_problem("http://127.0.0.1/hook", allow_private=True) is None


def test_only_http_and_https_are_allowed() -> None:
    assert url_problem("file:///etc/passwd", allow_private=True) == (
        "only http and https URLs are allowed"
    )
