"""``Team()``: teams, their members and their parameters (admins), by team id.

Team parameters are key/value pairs a data set or dashboard can filter rows by, so that a
team's members see only their rows.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed


class Team(Resource):
    """Every method ClicData's client planned for teams."""

    def get_team(self, rec_id: int | None = None, output: str = "df") -> Any:
        """Every team with its members, or the one ``rec_id`` names (as a dict)."""
        check_output(output)
        if rec_id is None:
            return listed(list(self.session.pages("api/team", ("teams", "items"))), output)
        team: dict[str, Any] = self.session.get(f"api/team/{int(rec_id)}")["team"]
        return team

    def create_team(self, name: str) -> dict[str, Any]:
        """A new, empty team."""
        return self._team("POST", "api/team", {"name": name})

    def rename_team(self, rec_id: int, name: str) -> dict[str, Any]:
        """Give the team a new name (``PUT /api/team/{id}``)."""
        return self._team("PUT", f"api/team/{int(rec_id)}", {"name": name})

    def delete_team(self, rec_id: int) -> dict[str, Any]:
        """Delete the team (its memberships, parameters and folder grants go with it)."""
        answer: dict[str, Any] = self.session.send("DELETE", f"api/team/{int(rec_id)}")
        return answer

    def add_team_user(self, rec_id: int, user_id: int) -> dict[str, Any]:
        """Make the user a member of the team."""
        body = {"user_id": int(user_id)}
        return self._team("POST", f"api/team/{int(rec_id)}/user", body)

    def remove_team_user(self, rec_id: int, user_id: int) -> dict[str, Any]:
        """Take the user out of the team."""
        body = {"user_id": int(user_id)}
        return self._team("DELETE", f"api/team/{int(rec_id)}/user", body)

    def set_team_parameter(self, rec_id: int, key: str, value: Any) -> dict[str, Any]:
        """Add the parameter ``key`` to the team, or change its value."""
        body = {"key": key, "value": value}
        return self._team("POST", f"api/team/{int(rec_id)}/parameter", body)

    def remove_team_parameter(self, rec_id: int, key: str) -> dict[str, Any]:
        """Remove the parameter ``key`` from the team."""
        return self._team("DELETE", f"api/team/{int(rec_id)}/parameter", {"key": key})

    def _team(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The team the answer describes (or the whole answer when it has none)."""
        answer: dict[str, Any] = self.session.send(method, path, body)
        team = answer.get("team") if isinstance(answer, dict) else None
        return team if isinstance(team, dict) else answer
