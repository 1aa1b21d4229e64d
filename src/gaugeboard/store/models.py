"""ORM models of the catalog. Alembic migrations in ``store/migrations`` must match them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gaugeboard.store.types import UtcDateTime, utcnow

ROLES = ("admin", "editor", "viewer")


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints the same way."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, the secret is shown once at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginSession(Base):
    """A browser login: the cookie holds a random secret, the catalog holds its hash."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """A failed login, kept for the length of the rate-limit window (shared by all processes)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_subject_at", "subject", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(300))
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class EventKey(Base):
    """A key that lets a site send events (``_k``); stored hashed like API tokens."""

    __tablename__ = "event_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Dashboard(Base):
    """A dashboard document addressed by folder path and name, like a file."""

    __tablename__ = "dashboards"
    __table_args__ = (UniqueConstraint("folder", "name", name="uq_dashboards_folder_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(500), default="", index=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    description: Mapped[str] = mapped_column(Text, default="")
    is_global: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # Deleted dashboards are kept (restorable); their name moves aside (``name~id``) so
    # the path is free again.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)


class DashboardVersion(Base):
    """Every saved state of a dashboard: who, when, why, and the whole document."""

    __tablename__ = "dashboard_versions"
    __table_args__ = (
        UniqueConstraint("dashboard_id", "version", name="uq_dashboard_versions_dashboard_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dashboard_id: Mapped[int] = mapped_column(ForeignKey("dashboards.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class EmbedToken(Base):
    """Lets anonymous visitors see one dashboard, locked to ``filters`` (variable values
    and range); only the secret's SHA-256 is stored. It acts for its creator, so an embed
    never shows more than the creator may see."""

    __tablename__ = "embed_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dashboard_id: Mapped[int] = mapped_column(
        ForeignKey("dashboards.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TeamMember(Base):
    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FolderGrant(Base):
    """A viewer or editor right on a dashboard folder for one user or one team, inherited
    by every folder below. A folder with grants (here or above) is closed to everyone else
    except admins."""

    __tablename__ = "folder_grants"
    __table_args__ = (
        UniqueConstraint("folder", "user_id", "team_id", name="uq_folder_grants_folder"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(500), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), nullable=True
    )
    role: Mapped[str] = mapped_column(String(16))


# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class EventBatch(Base):
    """An accepted batch of events not yet sealed into Parquet: the durable, concurrently
    written tail. One row per request keeps ingestion cost per request, not per event;
    ``events`` is a JSON array of ``[name, person, ts_us, {properties}]``."""

    __tablename__ = "event_batches"
    # Ids must never be reused once the tail empties: sealing relies on them.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key_id: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)
    min_ts_us: Mapped[int] = mapped_column(BigInteger, index=True)
    max_ts_us: Mapped[int] = mapped_column(BigInteger)
    events: Mapped[str] = mapped_column(Text)


class EventInsertId(Base):
    """Idempotency ids already accepted, per key, so a retried batch is stored once."""

    __tablename__ = "event_insert_ids"

    key_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insert_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class EventSegment(Base):
    """An immutable Parquet file of sealed events; only listed segments are ever read."""

    __tablename__ = "event_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    min_ts_us: Mapped[int] = mapped_column(BigInteger)
    max_ts_us: Mapped[int] = mapped_column(BigInteger)
    row_count: Mapped[int] = mapped_column(Integer)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class JobLock(Base):
    """A lease on a named job, so one process at a time runs it (sealing, compaction)."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StatusRoute(Base):
    """A route of the monitored app as the status page shows it. ``custom`` marks a name or
    doc set through the configure API, which the URL-map sync then leaves alone."""

    __tablename__ = "status_routes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(1000), unique=True)
    endpoint: Mapped[str] = mapped_column(String(255), default="")
    name: Mapped[str] = mapped_column(String(255))
    doc: Mapped[str] = mapped_column(Text, default="")
    custom: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StatusRollup(Base):
    """Request counts of one route, method and status code in one minute, hour or day.

    Every column after the key is a sum, so processes and hosts add their counts with an
    upsert and compaction adds finer rows into coarser ones. ``h0…h13`` are the latency
    histogram (see ``monitor/histogram.py``)."""

    __tablename__ = "status_rollups"
    __table_args__ = (
        Index("ix_status_rollups_grain_bucket", "grain", "bucket"),
        {"sqlite_with_rowid": False},
    )

    route_id: Mapped[int] = mapped_column(
        ForeignKey("status_routes.id", ondelete="CASCADE"), primary_key=True
    )
    grain: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    method: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    h0: Mapped[int] = mapped_column(BigInteger, default=0)
    h1: Mapped[int] = mapped_column(BigInteger, default=0)
    h2: Mapped[int] = mapped_column(BigInteger, default=0)
    h3: Mapped[int] = mapped_column(BigInteger, default=0)
    h4: Mapped[int] = mapped_column(BigInteger, default=0)
    h5: Mapped[int] = mapped_column(BigInteger, default=0)
    h6: Mapped[int] = mapped_column(BigInteger, default=0)
    h7: Mapped[int] = mapped_column(BigInteger, default=0)
    h8: Mapped[int] = mapped_column(BigInteger, default=0)
    h9: Mapped[int] = mapped_column(BigInteger, default=0)
    h10: Mapped[int] = mapped_column(BigInteger, default=0)
    h11: Mapped[int] = mapped_column(BigInteger, default=0)
    h12: Mapped[int] = mapped_column(BigInteger, default=0)
    h13: Mapped[int] = mapped_column(BigInteger, default=0)


class StatusIncident(Base):
    """An automatic or manual incident, or a scheduled maintenance window."""

    __tablename__ = "status_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    impact: Mapped[str] = mapped_column(String(20))
    route_id: Mapped[int | None] = mapped_column(
        ForeignKey("status_routes.id", ondelete="SET NULL"), nullable=True, index=True
    )
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updates: Mapped[list[StatusIncidentUpdate]] = relationship(
        order_by="StatusIncidentUpdate.id", cascade="all, delete-orphan", lazy="selectin"
    )


class StatusIncidentUpdate(Base):
    """A dated note on an incident, written in Markdown and rendered without raw HTML."""

    __tablename__ = "status_incident_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("status_incidents.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ActivityEntry(Base):
    """One administrative change or sign-in, written in the transaction of the change.
    The actor's name is copied so the entry still says who once the user is deleted;
    ``detail`` is a small JSON object and never holds a secret or password."""

    __tablename__ = "activity_log"
    __table_args__ = (Index("ix_activity_log_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    via: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(600), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
