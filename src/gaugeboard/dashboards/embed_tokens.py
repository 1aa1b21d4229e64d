"""Embed tokens: an expiring, revocable secret that shows one dashboard to anyone holding it,
locked to fixed variable values and time range.

The token acts for the user who made it, narrowed to that one dashboard: an embed never
shows more than its creator may still see, and it stops when the creator is deactivated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards.document import AbsoluteTimeRange, DashboardDocument, Variable
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import Actor, can_update, require
from gaugeboard.dashboards.service import document_of
from gaugeboard.dashboards.validation import range_reasons
from gaugeboard.errors import NotFound, Unauthorized
from gaugeboard.events.query_model import RELATIVE_RANGES
from gaugeboard.input_checks import checked, refused, worded
from gaugeboard.opaque_secrets import new_secret, secret_digest
from gaugeboard.store import embed_tokens as store
from gaugeboard.store import users as user_store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.dashboard_models import Dashboard, EmbedToken
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import iso_utc, utcnow

EMBED_PREFIX = "gbe_"
DEFAULT_DAYS = 30
MAX_DAYS = 3650
MAX_LABEL_LENGTH = 100
MAX_VALUE_LENGTH = 1000
# Request parameters an embed may not set: the token's filters replace them.
LOCKED_KEYS = frozenset({"range", "from", "to"})


@dataclass(frozen=True)
class EmbedGrant:
    """What a valid embed token opens: one dashboard, as its creator, with fixed filters."""

    token_id: int
    dashboard_id: int
    principal: Principal
    filters: dict[str, Any]


def _label(value: Any) -> Any:
    label = value.strip() if isinstance(value, str) else ""
    if not label or len(label) > MAX_LABEL_LENGTH:
        raise ValueError(LABEL_RULE)
    return label


def _days(value: Any) -> Any:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS
    ):
        raise ValueError(f"must be a whole number from 1 to {MAX_DAYS}")
    return value


def _variables_object(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise ValueError("must be an object of variable values")
    return value or {}


def _range(value: Any) -> Any:
    """A relative range's name, or ``{"start", "end"}`` in ISO 8601."""
    if value is None or (isinstance(value, str) and value in RELATIVE_RANGES):
        return value
    if (
        isinstance(value, dict)
        and set(value) == {"start", "end"}
        and all(isinstance(value[key], str) for key in ("start", "end"))
    ):
        reasons = list(range_reasons(AbsoluteTimeRange(**value)))
        if reasons:
            raise refused(((field,), reason) for field, reason in reasons)
        return {"start": value["start"], "end": value["end"]}
    raise ValueError(
        f'must be one of {", ".join(RELATIVE_RANGES)} or {{"start", "end"}} in ISO 8601'
    )


def _variable_reason(variable: Variable, value: Any) -> str | None:
    text = _text_of(value)
    if not isinstance(value, str | int | float) or len(text) > MAX_VALUE_LENGTH:
        return f"must be a string or number of at most {MAX_VALUE_LENGTH}"
    if variable.type == "select" and text not in {str(option) for option in variable.options}:
        return f"{text!r} is not one of the options"
    if variable.type == "number" and not _is_number(text):
        return "must be a number"
    return None


def _text_of(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


LABEL_RULE = f"must be 1-{MAX_LABEL_LENGTH} characters"


class EmbedCreate(BaseModel):
    """A new embed: its label, lifetime and the filters it fixes (variables the dashboard
    declares, with values it takes)."""

    # The dashboard's document is the validation context: create_embed_token passes it.

    model_config = ConfigDict(extra="forbid")
    label: Annotated[str, Field(min_length=1, max_length=MAX_LABEL_LENGTH), BeforeValidator(_label)]
    days: Annotated[
        int | None,
        Field(ge=1, le=MAX_DAYS, description=f"Lifetime in days (default {DEFAULT_DAYS})"),
        BeforeValidator(_days),
    ] = None
    variables: Annotated[dict[str, Any], BeforeValidator(_variables_object)] = Field(
        default_factory=dict, description="Fixed variable values"
    )
    range: Annotated[
        Any,
        Field(description='A fixed time range: a relative range\'s name or {"start", "end"}'),
        BeforeValidator(_range),
    ] = None

    _words = worded({"extra_forbidden": "unknown field", "missing": LABEL_RULE})

    @field_validator("variables")
    @classmethod
    def _declared(cls, given: dict[str, Any], info: ValidationInfo) -> dict[str, str]:
        """Each value as text, for a variable the dashboard declares and a value it takes."""
        document: DashboardDocument | None = (info.context or {}).get("document")
        declared = {v.name: v for v in document.variables} if document is not None else {}
        reasons = []
        for name, value in given.items():
            if name not in declared:
                reasons.append(((name,), "the dashboard has no such variable"))
            elif (reason := _variable_reason(declared[name], value)) is not None:
                reasons.append(((name,), reason))
        if reasons:
            raise refused(reasons)
        return {name: _text_of(value) for name, value in given.items()}


def create_embed_token(
    db: Session, actor: Actor, creator: Principal, dashboard: Dashboard, body: dict[str, Any]
) -> tuple[EmbedToken, str]:
    """Create an embed token for ``dashboard`` (the caller must be allowed to edit it; then
    ``body`` is checked by ``EmbedCreate``) and log it; commits. Returns the token and the
    secret (shown only now)."""
    require(can_update(actor, dashboard), "embed: you may not edit this dashboard")
    context = {"document": document_of(dashboard)}
    wanted = checked(EmbedCreate, body, "body", context=context)
    filters: dict[str, Any] = {"variables": wanted.variables}
    if wanted.range is not None:
        filters["range"] = wanted.range
    label, days = wanted.label, wanted.days or DEFAULT_DAYS
    begin_write(db)
    secret = new_secret(EMBED_PREFIX)
    token = store.insert_embed_token(
        db,
        dashboard.id,
        label,
        secret_digest(secret),
        creator.user_id,
        utcnow() + timedelta(days=days),
        filters,
    )
    path = join_path(dashboard.folder, dashboard.name)
    record_activity(db, creator, "embed.create", path, {"id": token.id, "label": token.label})
    db.commit()
    return token, secret


def authenticate_embed_token(db: Session, secret: str, now: datetime | None = None) -> EmbedGrant:
    """What ``secret`` opens; Unauthorized, saying why, for unknown, expired or revoked ones."""
    now = now or utcnow()
    token = store.find_embed_token_by_hash(db, secret_digest(secret))
    if token is None:
        raise Unauthorized("embed_token: unknown embed token")
    if token.revoked_at is not None:
        raise Unauthorized("embed_token: this embed link was revoked")
    if token.expires_at <= now:
        raise Unauthorized(f"embed_token: this embed link expired at {iso_utc(token.expires_at)}")
    creator = user_store.find_user(db, token.created_by) if token.created_by else None
    if creator is None or not creator.is_active:
        raise Unauthorized("embed_token: the user who made this embed link is no longer active")
    principal = Principal(user_id=creator.id, name=creator.name, role=creator.role, via="token")
    return EmbedGrant(token.id, token.dashboard_id, principal, dict(token.filters or {}))


def locked_query(
    pairs: Iterable[tuple[str, str]], filters: dict[str, Any]
) -> list[tuple[str, str]]:
    """Request parameters with the visitor's variables and range replaced by the token's."""
    kept = [(k, v) for k, v in pairs if k not in LOCKED_KEYS and not k.startswith("var.")]
    kept += [(f"var.{name}", value) for name, value in filters.get("variables", {}).items()]
    time_range = filters.get("range")
    if isinstance(time_range, str):
        kept.append(("range", time_range))
    elif isinstance(time_range, dict):
        kept += [("from", str(time_range["start"])), ("to", str(time_range["end"]))]
    return kept


def find_embed_token(db: Session, token_id: int) -> EmbedToken:
    token = store.find_embed_token(db, token_id)
    if token is None:
        raise NotFound(f"embed: no embed token with id {token_id}")
    return token


def revoke_embed_token(
    db: Session, actor: Actor, principal: Principal, dashboard: Dashboard, token: EmbedToken
) -> EmbedToken:
    """Revoke ``token`` of ``dashboard`` now (the caller must be allowed to edit it) and log
    it; commits. Revoking twice keeps the first time."""
    require(can_update(actor, dashboard), "embed: you may not edit this dashboard")
    begin_write(db)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    path = join_path(dashboard.folder, dashboard.name)
    record_activity(db, principal, "embed.revoke", path, {"id": token.id, "label": token.label})
    db.commit()
    return token


def describe_embed_token(token: EmbedToken) -> dict[str, Any]:
    """The listing form: everything except the secret (which is never stored)."""
    return {
        "id": token.id,
        "dashboard": token.dashboard_id,
        "label": token.label,
        "created_by": token.created_by,
        "created_at": iso_utc(token.created_at),
        "expires_at": iso_utc(token.expires_at),
        "revoked_at": iso_utc(token.revoked_at),
        "filters": token.filters,
    }


def all_embed_rows(db: Session) -> list[dict[str, Any]]:
    """Every embed token with its dashboard's path and creator (the API and admin page)."""
    return [
        {
            **describe_embed_token(token),
            "path": join_path(dashboard.folder, dashboard.name),
            "creator": creator,
            "dashboard_deleted": dashboard.deleted_at is not None,
        }
        for token, dashboard, creator in store.list_all_embed_tokens(db)
    ]
