"""Where a notification goes: a user or a team (their email addresses), a plain email
address (when NOTIFY_ALLOW_ADDRESSES allows its domain), or a webhook URL (JSON, signed
when it has a secret, or a Slack-compatible body). Checked when an alert is saved, every
problem named with its place in the list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from sqlalchemy.orm import Session

from gaugeboard.errors import ValidationFailed
from gaugeboard.json_paths import json_path
from gaugeboard.net.addresses import AddressRefused, host_allowed
from gaugeboard.net.pinned import Network
from gaugeboard.store.deliveries import team_by_name
from gaugeboard.store.users import find_user_by_name

MAX_TARGETS = 50
SECRET_MASK = "********"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserTarget(_Strict):
    """A gaugeboard user, by name: mail goes to the user's email address."""

    kind: Literal["user"]
    user: str = Field(min_length=1, max_length=64)


class TeamTarget(_Strict):
    """A team, by name: one email to each active member with an address."""

    kind: Literal["team"]
    team: str = Field(min_length=1, max_length=64)


class EmailTarget(_Strict):
    """A plain email address, allowed by NOTIFY_ALLOW_ADDRESSES."""

    kind: Literal["email"]
    address: str = Field(min_length=3, max_length=320)

    @field_validator("address")
    @classmethod
    def _one_address(cls, value: str) -> str:
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain or any(c.isspace() for c in value):
            raise ValueError("not an email address (name@example.com)")
        if any(c in value for c in '<>,;"()[]\\'):
            raise ValueError("one plain address only, without a display name")
        return value


class WebhookTarget(_Strict):
    """A URL that receives a JSON POST. ``secret``: an HMAC-SHA256 signature of the body
    in ``X-Gaugeboard-Signature``; ``format: slack``: a Slack-compatible body instead."""

    kind: Literal["webhook"]
    url: str = Field(min_length=1, max_length=2000)
    format: Literal["json", "slack"] = "json"
    secret: str | None = Field(None, min_length=8, max_length=200)


Target = Annotated[
    UserTarget | TeamTarget | EmailTarget | WebhookTarget, Field(discriminator="kind")
]
_TARGETS = TypeAdapter(list[Target])


def _address_domain_allowed(address: str, allowed: str) -> bool:
    if allowed.strip() == "*":
        return True
    patterns = [part.strip().lower() for part in allowed.split(",") if part.strip()]
    domain = address.rpartition("@")[2]
    return bool(patterns) and host_allowed(domain, patterns)


def url_policy(settings: Mapping[str, Any]) -> tuple[bool, tuple[str, ...]]:
    """URL_ALLOW_PRIVATE and URL_ALLOWED_HOSTS, which webhook channels follow too."""
    raw = settings["URL_ALLOWED_HOSTS"]
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    hosts = tuple(part.strip().lower().rstrip(".") for part in parts if part.strip())
    return bool(settings["URL_ALLOW_PRIVATE"]), hosts


def _problem(db: Session, target: Any, settings: Mapping[str, Any], network: Network) -> str | None:
    if isinstance(target, UserTarget) and find_user_by_name(db, target.user) is None:
        return f"no user is named {target.user!r}"
    if isinstance(target, TeamTarget) and team_by_name(db, target.team) is None:
        return f"no team is named {target.team!r}"
    if isinstance(target, EmailTarget) and not _address_domain_allowed(
        target.address, settings["NOTIFY_ALLOW_ADDRESSES"]
    ):
        return (
            "plain addresses of this domain are not allowed "
            "(GAUGEBOARD_NOTIFY_ALLOW_ADDRESSES); pick a user or a team"
        )
    if isinstance(target, WebhookTarget):
        allow_private, hosts = url_policy(settings)
        try:
            network.address_for(httpx.URL(target.url), allow_private, hosts)
        except httpx.InvalidURL as exc:
            return f"not a valid URL ({exc})"
        except AddressRefused as exc:
            return str(exc)
    return None


def parse_targets(
    db: Session,
    raw: Any,
    settings: Mapping[str, Any],
    field: str = "channels",
    network: Network | None = None,
    kept: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """``raw`` checked as a list of targets, ready to store; raises ValidationFailed with
    every problem. A webhook whose secret is given as the mask keeps the secret it had
    in ``kept`` (the stored list), so a form can send back what it was shown."""
    if not isinstance(raw, list):
        raise ValidationFailed(f"{field}: must be a list of targets")
    if len(raw) > MAX_TARGETS:
        raise ValidationFailed(f"{field}: at most {MAX_TARGETS} targets")
    raw = [_with_kept_secret(item, kept) for item in raw]
    try:
        targets = _TARGETS.validate_python(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = [part for part in error["loc"] if part not in _KINDS]
            message = error["msg"].removeprefix("Value error, ")
            where = json_path(tuple(location)) if location else ""
            problems.append(f"{field}{where}: {message}")
        raise ValidationFailed(problems) from None
    problems = []
    for index, target in enumerate(targets):
        problem = _problem(db, target, settings, network or Network())
        if problem:
            problems.append(f"{field}[{index}]: {problem}")
    if problems:
        raise ValidationFailed(problems)
    return [target.model_dump(exclude_none=True) for target in targets]


_KINDS = {"user", "team", "email", "webhook"}


def _with_kept_secret(item: Any, kept: Sequence[Mapping[str, Any]]) -> Any:
    if not isinstance(item, dict) or item.get("secret") != SECRET_MASK:
        return item
    for old in kept:
        if old.get("kind") == "webhook" and old.get("url") == item.get("url"):
            return {**item, "secret": old.get("secret")}
    return {key: value for key, value in item.items() if key != "secret"}


def shown(targets: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Targets as an API answer shows them: webhook secrets masked."""
    return [
        {**target, "secret": SECRET_MASK} if target.get("secret") else dict(target)
        for target in targets
    ]


def target_of(stored: Mapping[str, Any]) -> Any:
    """A stored target back as its model (already checked when it was saved)."""
    return _TARGETS.validate_python([dict(stored)])[0]
