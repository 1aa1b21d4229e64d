"""Catalog models of scheduled reports: the report (a dashboard, or some of its widgets,
sent on a cron schedule to channels) and one row per run (scheduled, sent now, or a
retry) with its result. Each run's deliveries are ``notify_deliveries`` rows whose
``origin`` is ``report-run:<id>``. Queries live in ``store/reports.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base, BigId
from gaugeboard.store.types import UtcDateTime, utcnow

RUN_STATES = ("sending", "sent", "retrying", "partial", "failed")


class Report(Base):
    """A dashboard sent on a schedule: which widgets (empty: all), when (``cron`` in
    ``timezone``), how wide it is drawn, to whom (``channels``, notify's targets), and
    whether emails go one per recipient or as one message to the whole list."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    dashboard_id: Mapped[int] = mapped_column(
        ForeignKey("dashboards.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    widgets: Mapped[list[str]] = mapped_column(JSON, default=list)
    cron: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    width: Mapped[int] = mapped_column(Integer, default=1200)
    email_mode: Mapped[str] = mapped_column(String(8), default="each")
    channels: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    base_url: Mapped[str] = mapped_column(String(500), default="")
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReportRun(Base):
    """One sending of a report: why (``schedule``, ``manual``), its result over all
    recipients (``sent``, ``retrying``, ``partial``, ``failed``), an error when the
    dashboard could not be drawn, and until when its image link works.

    A run being drawn and sent is ``sending`` until ``lease_until``: a process that dies
    mid-send leaves it so, and once the lease has passed another process takes it over
    and sends to the recipients that have no delivery yet. A run whose drawing failed
    waits as ``retrying`` until ``next_attempt_at``; ``attempts`` counts the tries."""

    __tablename__ = "report_runs"
    __table_args__ = (
        Index("ix_report_runs_report_at", "report_id", "at"),
        Index("ix_report_runs_state", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    trigger: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
