"""Setting a password through ``PUT /api/user/{id}/password``: an admin sets anyone's; any
other user sets only their own, and proves it with their current password.

A wrong current password counts as a failed sign-in of that user from that address (the
same catalog-kept limit as the login form), so the route cannot be used to guess. A new
password ends the user's browser sessions (the caller's own included: they sign in again
with it); API tokens stay. One write transaction with its activity entry.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.orm import Session

from gaugeboard.auth import rate_limit
from gaugeboard.auth.passwords import hash_password, verify_password
from gaugeboard.auth.principal import Principal
from gaugeboard.auth.users import MAX_PASSWORD_LENGTH, Password, find_user_by_key
from gaugeboard.errors import Forbidden, ValidationFailed
from gaugeboard.input_checks import worded
from gaugeboard.store import login_sessions as session_store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import User

WRONG_CURRENT = "current_password: this is not your current password"


class PasswordSet(BaseModel):
    """The new password; ``current_password`` too when you set your own (admins setting
    someone else's leave it out)."""

    model_config = ConfigDict(extra="forbid")

    password: Password
    current_password: (
        Annotated[str, Field(max_length=MAX_PASSWORD_LENGTH)] | SkipJsonSchema[None]
    ) = None

    _words = worded({"missing": "is required", "extra_forbidden": "not a field of this body"})


def set_password(
    db: Session,
    principal: Principal,
    key: str,
    body: PasswordSet,
    limit: rate_limit.LoginLimit,
    client_address: str,
) -> User:
    """Set the password of the user ``key`` (``me``: the caller); commits. 403 for a
    non-admin naming someone else or giving a wrong current password (429 once the
    sign-in limit is used up)."""
    target = str(principal.user_id) if key == "me" else key
    user = find_user_by_key(db, target)
    own = user.id == principal.user_id
    if not own and not principal.has_role("admin"):
        raise Forbidden("user: only an admin sets another user's password")
    if own and not principal.has_role("admin"):
        _prove_current(db, user, body.current_password, limit, client_address)
    begin_write(db)
    user = find_user_by_key(db, str(user.id))
    user.password_hash = hash_password(body.password)
    session_store.delete_sessions_of(db, user.id)
    record_activity(db, principal, "user.password", user.name, {"own": own})
    db.commit()
    return user


def _prove_current(
    db: Session, user: User, given: str | None, limit: rate_limit.LoginLimit, address: str
) -> None:
    """Forbidden unless ``given`` is the user's password; each miss counts as a failed
    sign-in (committed, so it holds whatever happens next)."""
    if given is None:
        raise ValidationFailed("current_password: is required to set your own password")
    subjects = rate_limit.subjects_for(user.name, address)
    stored = user.password_hash
    # Counted (and committed) before the check, so parallel guesses cannot slip past.
    attempt_ids = rate_limit.claim_attempt(db, limit, subjects, utcnow())
    if not verify_password(given, stored):
        raise Forbidden(WRONG_CURRENT)
    begin_write(db)
    rate_limit.forget_user(db, subjects, attempt_ids)
    db.commit()
