"""What the jobs engine of one mounted gaugeboard works with: its catalog, settings, folder
and registry, plus the worker's name that every claim and heartbeat carries."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from gaugeboard.config import Settings
from gaugeboard.jobs.registry import JobRegistry
from gaugeboard.store.database import Database


def new_worker_name() -> str:
    """``host:pid:random``: unique per process start, readable on the jobs page."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class JobEnvironment:
    database: Database
    settings: Settings
    data_dir: Path
    registry: JobRegistry

    @property
    def heartbeat_seconds(self) -> float:
        return float(self.settings["JOBS_HEARTBEAT_SECONDS"])

    @property
    def stale_after_seconds(self) -> float:
        """A running run whose worker has not beaten for this long is taken to be dead."""
        return max(3.0, self.heartbeat_seconds * 3)

    @property
    def max_running(self) -> int:
        return int(self.settings["JOBS_MAX_RUNNING"])
