"""``User()``: users of the instance (admins), by user id (or name)."""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed, path_key


class User(Resource):
    """Every method ClicData's client planned for users."""

    def get_user(self, rec_id: int | str | None = None, output: str = "df") -> Any:
        """Every user, or the one ``rec_id`` names (an id or a name; as a dict): name,
        role, whether active, when created and last signed in, and their teams."""
        check_output(output)
        if rec_id is None:
            return listed(list(self.session.pages("api/user", ("users", "items"))), output)
        user: dict[str, Any] = self.session.get(f"api/user/{path_key(rec_id)}")["user"]
        return user

    def get_me(self) -> dict[str, Any]:
        """The user the session acts as."""
        user: dict[str, Any] = self.session.get("api/user/me")["user"]
        return user

    def create_user(self, name: str, password: str, role: str = "viewer") -> dict[str, Any]:
        """A new user with a role (``viewer``, ``editor`` or ``admin``)."""
        return self._user("POST", "api/user", {"name": name, "password": password, "role": role})

    def update_user(
        self,
        rec_id: int | str,
        *,
        role: str | None = None,
        active: bool | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        """Rename the user, change their role, or deactivate (``active=False``: signed out
        everywhere, tokens revoked) or reactivate them."""
        changes = {"name": name, "role": role, "active": active}
        body = {key: value for key, value in changes.items() if value is not None}
        if not body:
            raise ValueError("update_user: give name, role or active")
        return self._user("PUT", f"api/user/{path_key(rec_id)}", body)

    def set_user_password(
        self, rec_id: int | str, password: str, current_password: str | None = None
    ) -> dict[str, Any]:
        """Set the user's password (``PUT /api/user/{id}/password``): an admin sets
        anyone's; your own (``rec_id="me"``) needs ``current_password``. The user's browser
        sessions end; their API tokens stay."""
        body = {"password": password}
        if current_password is not None:
            body["current_password"] = current_password
        return self._user("PUT", f"api/user/{path_key(rec_id)}/password", body)

    def delete_user(self, rec_id: int | str) -> dict[str, Any]:
        """Delete the user: their tokens, sessions and memberships go; their dashboards
        and data sets stay without an owner (docs/api.md). Answers what was deleted."""
        answer: dict[str, Any] = self.session.send("DELETE", f"api/user/{path_key(rec_id)}")
        deleted = answer.get("deleted") if isinstance(answer, dict) else None
        return deleted if isinstance(deleted, dict) else answer

    def _user(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self.session.send(method, path, body)
        user = answer.get("user") if isinstance(answer, dict) else None
        return user if isinstance(user, dict) else answer
