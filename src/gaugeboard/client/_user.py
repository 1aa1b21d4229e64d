"""``User()``: users of the instance (admins), by user id."""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed


class User(Resource):
    """Every method ClicData's client planned for users."""

    def get_user(self, rec_id: int | None = None, output: str = "df") -> Any:
        """Every user, or the one ``rec_id`` names (as a dict): name, role, whether
        active, when created and last signed in."""
        check_output(output)
        if rec_id is None:
            return listed(list(self.session.pages("api/user", ("users", "items"))), output)
        user: dict[str, Any] = self.session.get(f"api/user/{int(rec_id)}")["user"]
        return user

    def get_me(self) -> dict[str, Any]:
        """The user the session acts as."""
        user: dict[str, Any] = self.session.get("api/user/me")["user"]
        return user

    def create_user(self, name: str, password: str, role: str = "viewer") -> dict[str, Any]:
        """A new user with a role (``viewer``, ``editor`` or ``admin``)."""
        return self._user("POST", "api/user", {"name": name, "password": password, "role": role})

    def update_user(
        self, rec_id: int, *, role: str | None = None, active: bool | None = None
    ) -> dict[str, Any]:
        """Change the user's role, or deactivate (``active=False``: signed out everywhere,
        tokens revoked) or reactivate them."""
        changes = {"role": role, "active": active}
        body = {key: value for key, value in changes.items() if value is not None}
        if not body:
            raise ValueError("update_user: give role or active")
        return self._user("PUT", f"api/user/{int(rec_id)}", body)

    def set_user_password(self, rec_id: int, password: str) -> dict[str, Any]:
        """Set the user's password (``PUT /api/user/{id}/password``)."""
        return self._user("PUT", f"api/user/{int(rec_id)}/password", {"password": password})

    def delete_user(self, rec_id: int) -> dict[str, Any]:
        """Delete the user (docs/admin.md says what happens to what they own)."""
        answer: dict[str, Any] = self.session.send("DELETE", f"api/user/{int(rec_id)}")
        return answer

    def _user(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self.session.send(method, path, body)
        user = answer.get("user") if isinstance(answer, dict) else None
        return user if isinstance(user, dict) else answer
