"""Catalog model of data sets: their name, typed columns, key columns, source and the
figures the list shows. The rows live in a Delta Lake table under the instance folder
(``datasets/storage.py``); the catalog only registers it. Queries in ``store/datasets.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


class Dataset(Base):
    """One data set. ``columns`` is the list of ``{"name", "data_type", "values"?}`` in
    order (``rec_id`` first); ``next_rec_id`` hands out row ids, moved forward in the same
    catalog transaction that records each write."""

    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    folder: Mapped[str] = mapped_column(String(500), default="", index=True)
    keep_versions: Mapped[bool] = mapped_column(Boolean, default=True)
    columns: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    key_columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # ``[{"column", "parameter"}]``: callers other than the owner and admins see only the
    # rows whose column holds one of their teams' values of the parameter.
    row_filters: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    next_rec_id: Mapped[int] = mapped_column(BigInteger, default=1)
    row_count: Mapped[int] = mapped_column(BigInteger, default=0)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Versions a reader can still list and read: each write adds its commits, and the
    # vacuum sets the count the log still holds (its own maintenance commits are not
    # versions).
    version_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
