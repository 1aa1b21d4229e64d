"""Signing in for browser tests, written once. A typed sign-in costs a page, a scrypt check
and a redirect, so `SignedIn` types the form once per person and server and gives each
later test that person's session cookie; a test about the sign-in itself types the form
with `sign_in`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.conftest import DEFAULT_PASSWORD


def sign_in(
    page: Any, base_url: str, user: str, path: str = "/", password: str = DEFAULT_PASSWORD
) -> Any:
    """Type ``user``'s name and password into the sign-in form, which then leads to
    ``path``; returns the response of that last page."""
    page.goto(f"{base_url}/login?next={quote(path, safe='/')}")
    page.fill("#gb-username", user)
    page.fill("#gb-password", password)
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    return navigation.value


class SignedIn:
    """Each person's browser state after one real sign-in, per server (base URL). Valid
    while that server runs on its catalog: keep one per module server (the `signed_in`
    fixture does)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self._states: dict[tuple[str, str], dict[str, Any]] = {}

    def state(self, base_url: str, user: str) -> dict[str, Any]:
        """The storage state (cookies) of ``user`` signed in on the server at ``base_url``,
        for ``browser.new_context(storage_state=...)``."""
        key = (base_url, user)
        if key not in self._states:
            context = self._browser.new_context()
            try:
                sign_in(context.new_page(), base_url, user)
                self._states[key] = context.storage_state()
            finally:
                context.close()
        return self._states[key]

    def open(self, page: Any, base_url: str, user: str, path: str) -> Any:
        """Open ``path`` in ``page`` as ``user``, who is already signed in; returns the
        response."""
        page.context.add_cookies(self.state(base_url, user)["cookies"])
        return page.goto(f"{base_url}{path}")
