"""What a running job sees: its arguments, its attempt, and ``progress``, which records how
far it got and is where a cancel or the time limit stops it (by raising ``JobStopped``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from gaugeboard.config import Settings
from gaugeboard.store.database import Database


class JobStopped(Exception):
    """Raised inside a job at its next ``progress`` call once it is cancelled or timed out."""

    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(f"the run was {state.replace('_', ' ')}")


class JobFailed(Exception):
    """A job's own account of why it failed; its message is the run's error as it is."""


@dataclass
class Progress:
    done: int = 0
    total: int = 0
    message: str = ""


@dataclass
class JobContext:
    """Handed to every job function. ``database``, ``settings`` and ``data_dir`` are the
    mount's; the heartbeat thread writes ``current`` to the run's row and sets ``stop_as``."""

    run_id: int
    attempt: int
    database: Database
    settings: Settings
    data_dir: Path
    target_id: str | None = None
    current: Progress = field(default_factory=Progress)
    stop_as: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        """Record progress; raises JobStopped when the run was cancelled or ran out of time."""
        with self._lock:
            self.current = Progress(done, total, message[:300])
        self.check()

    def check(self) -> None:
        """Raise JobStopped when the run should stop; long loops call it between steps."""
        if self.stop_as is not None:
            raise JobStopped(self.stop_as)

    def snapshot(self) -> Progress:
        with self._lock:
            return self.current
