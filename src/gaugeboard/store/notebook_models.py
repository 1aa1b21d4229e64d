"""Catalog models of notebook dashboards: a notebook addressed by folder and name (the
same path space as JSON dashboards), and its versions. The files of each version live under
the instance folder (``notebooks/<id>/v<n>/``); queries live in ``store/notebooks.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base, BigId
from gaugeboard.store.types import UtcDateTime, utcnow


class Notebook(Base):
    """A notebook dashboard: where it is, who made it, and which version is shown."""

    __tablename__ = "notebooks"
    __table_args__ = (UniqueConstraint("folder", "name", name="uq_notebooks_folder_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(500), default="", index=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    # The version the page shows: the newest upload, or a later run's good outputs.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Deleted notebooks keep their row, versions and files; the name moves aside
    # (``name~id``) so the path is free again.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)


class NotebookVersion(Base):
    """One stored state of a notebook: an upload, or (later) a run's new outputs.

    ``resources_version`` names the version whose folder holds the bundle's resources: an
    upload holds its own, a run reuses those of the version it ran, so outputs are stored
    again and resources are not.
    """

    __tablename__ = "notebook_versions"
    __table_args__ = (
        UniqueConstraint("notebook_id", "version", name="uq_notebook_versions_notebook_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notebook_id: Mapped[int] = mapped_column(ForeignKey("notebooks.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # upload | run
    kind: Mapped[str] = mapped_column(String(16))  # notebook (.ipynb) | bundle (.zip)
    resources_version: Mapped[int] = mapped_column(Integer)
    files: Mapped[int] = mapped_column(Integer, default=1)
    size_bytes: Mapped[int] = mapped_column(BigId)
    sha256: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
