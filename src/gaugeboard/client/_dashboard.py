"""``Dashboard()``: the dashboards the caller may see, with their details."""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed


class Dashboard(Resource):
    """Dashboards (thumbnails and snapshots arrive with the snapshots issue)."""

    def get_dashboard(
        self, thumbnail: bool = False, name: str | None = None, output: str = "df"
    ) -> Any:
        """Every dashboard the caller may see, in every folder; ``name`` keeps those whose
        name or title is exactly that; ``thumbnail`` asks for base64 thumbnails (sent as
        ClicData's ``includethumbnail``, answered once the server renders them)."""
        check_output(output)
        params = {
            "recursive": "1",
            "includethumbnail": "true" if thumbnail else None,
            "name": name,
            "search": name,
        }
        items = list(self.session.pages("api/dashboard", ("dashboards", "items"), params))
        if name is not None:
            items = [item for item in items if name in (item.get("name"), item.get("title"))]
        return listed(items, output)
