"""Browser logins: check the password (rate limited), open and close catalog-backed sessions.

The caller is the sign-in page or API, trusted with the client's address. Each sign-in,
refused password and sign-out is logged in the transaction that makes it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from gaugeboard.auth import rate_limit
from gaugeboard.auth.passwords import burn_equal_time, verify_password
from gaugeboard.auth.principal import Principal
from gaugeboard.errors import Unauthorized, ValidationFailed
from gaugeboard.opaque_secrets import new_secret, secret_digest
from gaugeboard.store import login_sessions as store
from gaugeboard.store import users as user_store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow

BAD_LOGIN_MESSAGE = "Invalid login credentials."
MAX_NAME = 64
# A session's expiry is pushed forward at most this often, so page views stay read-only.
RENEW_RESOLUTION = timedelta(minutes=5)


def login(
    db: Session,
    name: str,
    password: str,
    client_address: str,
    limit: rate_limit.LoginLimit,
    lifetime: timedelta,
) -> tuple[str, Principal]:
    """Verify credentials and open a session, logged in its own transaction; return the
    cookie secret and the principal. A refused password is logged too (Unauthorized)."""
    problems = [
        f"{field}: is required"
        for field, value in (("username", name), ("password", password))
        if not value
    ]
    if problems:
        raise ValidationFailed(problems)
    now = utcnow()
    subjects = rate_limit.subjects_for(name, client_address)
    attempt_ids = rate_limit.claim_attempt(db, limit, subjects, now)
    user = user_store.find_user_by_name(db, name) if len(name) <= MAX_NAME else None
    if user is None:
        burn_equal_time(password)
        valid = False
    else:
        valid = verify_password(password, user.password_hash) and user.is_active
    db.rollback()  # no transaction is held while the password is checked
    if user is None or not valid:
        record_failed_login(db, name, client_address)
        raise Unauthorized(BAD_LOGIN_MESSAGE)
    begin_write(db)
    rate_limit.forget_user(db, subjects, attempt_ids)
    store.delete_expired_sessions(db, now)
    secret = new_secret()
    csrf_token = secrets.token_urlsafe(32)
    store.insert_session(db, user.id, secret_digest(secret), csrf_token, now + lifetime)
    user_store.mark_login(db, user)
    principal = Principal(user.id, user.name, user.role, "session", csrf_token)
    record_activity(db, principal, "login", principal.name, {"address": client_address})
    db.commit()
    return secret, principal


UNKNOWN_USER = "(unknown user)"


def record_failed_login(db: Session, name: str, client_address: str, via: str = "session") -> None:
    """Log a refused password, of a sign-in or an HTTP Basic call (``via``), not a
    rate-limited try, which the limiter already counts: failed entries are bounded by
    LOGIN_MAX_ATTEMPTS. Neither the password nor a name that is no user's is kept: someone
    may have typed their password into the name box."""
    begin_write(db)
    known = len(name) <= MAX_NAME and user_store.find_user_by_name(db, name) is not None
    shown = name if known else UNKNOWN_USER
    detail = {"address": client_address}
    record_activity(db, None, "login.failed", shown, detail, actor_name=shown, via=via)
    db.commit()


def session_principal(
    db: Session, secret: str, lifetime: timedelta, now: datetime | None = None
) -> tuple[Principal, bool] | None:
    """The principal of a live session cookie and whether its expiry was pushed forward
    (the cookie should then be sent again); None when the session is not valid."""
    now = now or utcnow()
    record = store.find_session_by_hash(db, secret_digest(secret))
    if record is None or record.expires_at <= now or not record.user.is_active:
        return None
    user = record.user
    principal = Principal(user.id, user.name, user.role, "session", record.csrf_token)
    if now + lifetime - record.expires_at >= RENEW_RESOLUTION:
        begin_write(db)
        record.expires_at = now + lifetime
        db.commit()
        return principal, True
    return principal, False


def logout(db: Session, secret: str, principal: Principal | None, client_address: str) -> None:
    """Close the session of cookie ``secret``; the sign-out of a live session's
    ``principal`` is logged with the session's deletion."""
    begin_write(db)
    if principal is not None:
        record_activity(db, principal, "logout", principal.name, {"address": client_address})
    store.delete_session_by_hash(db, secret_digest(secret))
    db.commit()
