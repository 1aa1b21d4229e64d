"""Catalog models of alerts and notifications: the alerts themselves, one row per
evaluation (a state change is an evaluation whose ``previous_state`` differs), and one row
per delivery of a notification (email or webhook) with its result and retry time.
Queries live in ``store/alerts.py`` and ``store/deliveries.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base, BigId
from gaugeboard.store.types import UtcDateTime, utcnow

ALERT_STATES = ("ok", "pending", "alerting", "no_data")
DELIVERY_STATES = ("sent", "failed", "retrying")


class Alert(Base):
    """One watched number (``source``), its condition, who hears of it (``channels``), and
    where it stands: ``state`` since ``state_since``, how many breaching evaluations in a
    row while pending, and whether an alerting notification went out for this episode."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    condition: Mapped[dict[str, Any]] = mapped_column(JSON)
    window_seconds: Mapped[int] = mapped_column(Integer)
    pending_evaluations: Mapped[int] = mapped_column(Integer, default=1)
    renotify_seconds: Mapped[int] = mapped_column(Integer, default=0)
    channels: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    silenced_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="ok")
    state_since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    breaches: Mapped[int] = mapped_column(Integer, default=0)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    last_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_evaluated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AlertEvaluation(Base):
    """One evaluation: the number (None: no data), the state it left the alert in, the
    state before, and what was sent (``alerting``, ``recovery`` or nothing)."""

    __tablename__ = "alert_evaluations"
    __table_args__ = (Index("ix_alert_evaluations_alert_at", "alert_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    previous_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    previous_state: Mapped[str] = mapped_column(String(16))
    notified: Mapped[str | None] = mapped_column(String(16), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Delivery(Base):
    """One message to one recipient over one channel. ``message`` keeps what is needed
    to send it again; ``state`` is sent, failed (no tries left) or retrying (at
    ``next_attempt_at``). ``origin`` names what sent it (``alert:12``)."""

    __tablename__ = "notify_deliveries"
    __table_args__ = (Index("ix_notify_deliveries_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(String(100), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(2000))
    target: Mapped[dict[str, Any]] = mapped_column(JSON)
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
