"""``Team()``: teams, their members and their parameters (admins), by team id (or name).

Team parameters are key/value pairs a data set or dashboard can filter rows by, so that a
team's members see only their rows.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed, path_key


class Team(Resource):
    """Every method ClicData's client planned for teams."""

    def get_team(self, rec_id: int | str | None = None, output: str = "df") -> Any:
        """Every team with its id, members and parameters, or the one ``rec_id`` names (an
        id or a name; as a dict)."""
        check_output(output)
        if rec_id is None:
            return listed(list(self.session.pages("api/team", ("teams", "items"))), output)
        team: dict[str, Any] = self.session.get(f"api/team/{path_key(rec_id)}")["team"]
        return team

    def get_team_parameters(self, rec_id: int | str) -> dict[str, list[str]]:
        """The team's parameters: key → its values (always a list)."""
        found: dict[str, list[str]] = self.session.get(f"api/team/{path_key(rec_id)}/parameter")[
            "parameters"
        ]
        return found

    def create_team(self, name: str) -> dict[str, Any]:
        """A new, empty team."""
        return self._team("POST", "api/team", {"name": name})

    def rename_team(self, rec_id: int | str, name: str) -> dict[str, Any]:
        """Give the team a new name (``PUT /api/team/{id}``; Conflict when it is taken)."""
        return self._team("PUT", f"api/team/{path_key(rec_id)}", {"name": name})

    def delete_team(self, rec_id: int | str) -> dict[str, Any]:
        """Delete the team (its memberships, parameters and folder grants go with it)."""
        answer: dict[str, Any] = self.session.send("DELETE", f"api/team/{path_key(rec_id)}")
        return answer

    def add_team_user(self, rec_id: int | str, user_id: int | str) -> dict[str, Any]:
        """Make the user (an id or a name) a member of the team."""
        return self._team("POST", f"api/team/{path_key(rec_id)}/user", _user_body(user_id))

    def remove_team_user(self, rec_id: int | str, user_id: int | str) -> dict[str, Any]:
        """Take the user (an id or a name) out of the team."""
        return self._team("DELETE", f"api/team/{path_key(rec_id)}/user", _user_body(user_id))

    def set_team_parameter(
        self, rec_id: int | str, key: str, value: str | list[str]
    ) -> dict[str, Any]:
        """Add the parameter ``key`` to the team, or replace its value(s): a string or a
        list of strings (read back as a list)."""
        body = {"key": key, "value": value}
        return self._team("POST", f"api/team/{path_key(rec_id)}/parameter", body)

    def remove_team_parameter(self, rec_id: int | str, key: str) -> dict[str, Any]:
        """Remove the parameter ``key`` from the team."""
        return self._team("DELETE", f"api/team/{path_key(rec_id)}/parameter", {"key": key})

    def _team(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The team the answer describes (or the whole answer when it has none)."""
        answer: dict[str, Any] = self.session.send(method, path, body)
        team = answer.get("team") if isinstance(answer, dict) else None
        return team if isinstance(team, dict) else answer


def _user_body(user: int | str) -> dict[str, Any]:
    """ClicData's ``{"user_id"}`` for an id, ``{"user"}`` for a name."""
    if isinstance(user, int) and not isinstance(user, bool):
        return {"user_id": user}
    return {"user": str(user)}
