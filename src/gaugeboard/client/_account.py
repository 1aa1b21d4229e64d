"""``Account()``: usage against the limits, and activity per user or per dashboard."""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed

ENTITIES = ("users", "dashboards")


class Account(Resource):
    """The instance's usage, limits and activity (admins)."""

    def get_account(self, output: str = "df") -> Any:
        """Usage and limits: ``dict`` gives the answer as it is (``usage``, ``limits``,
        ``over_limit``, ``period``); ``df`` one row per measure with its ``usage``, its
        ``limit`` (empty: unlimited) and whether it is ``over_limit``."""
        check_output(output)
        body = {key: value for key, value in self.session.get("api/account").items()}
        body.pop("ok", None)
        if output == "dict":
            return body
        over = set(body.get("over_limit") or [])
        limits = body.get("limits") or {}
        rows = [
            {"name": name, "usage": used, "limit": limits.get(name), "over_limit": name in over}
            for name, used in (body.get("usage") or {}).items()
        ]
        return listed(rows, output)

    def get_account_activity(
        self, entity: str = "users", output: str = "df", days: int = 30
    ) -> Any:
        """Activity of each user (sign-ins, views, edits) or each dashboard, JSON or
        notebook (``kind``, views, distinct viewers, last viewed) over the last ``days``
        days, today included."""
        if entity not in ENTITIES:
            raise ValueError(f'entity: {entity!r} is neither "users" nor "dashboards"')
        check_output(output)
        body = self.session.get(f"api/account/activity/{entity}", days=days)
        return listed(body["data"], output)
