"""Catalog models of the status page: monitored routes, per-minute rollups, incidents
and their updates. Queries live in ``store/status_*.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


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
