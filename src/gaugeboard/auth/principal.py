"""Who is making a request, and the role ranks that decide what they may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ROLE_RANK = {"viewer": 1, "editor": 2, "admin": 3}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a user acting through a browser session, an API token, an
    OAuth client's access token or HTTP Basic credentials."""

    user_id: int
    name: str
    role: str
    via: Literal["session", "token", "oauth", "basic"]
    csrf_token: str | None = None

    def has_role(self, needed: str) -> bool:
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[needed]
