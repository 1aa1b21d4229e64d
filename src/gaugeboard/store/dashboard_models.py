"""Catalog models of dashboards: documents, their versions, embed tokens and folder
grants. Queries live in ``store/dashboards.py``, ``embed_tokens.py`` and ``folder_grants.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


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
