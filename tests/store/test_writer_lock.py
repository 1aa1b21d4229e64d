"""The ingest writers' cross-process queue: one holder at a time, across processes too."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from gaugeboard.store.writer_lock import WriterLock, writer_lock_for


def _hold(path: str, marks: str, seconds: float) -> None:
    with WriterLock(path):
        with open(marks, "a") as out:
            out.write("in\n")
        time.sleep(seconds)
        with open(marks, "a") as out:
            out.write("out\n")


def test_two_processes_never_hold_the_lock_together(tmp_path: Path) -> None:
    lock, marks = str(tmp_path / "db-writer.lock"), str(tmp_path / "marks")
    context = multiprocessing.get_context("fork")
    holders = [context.Process(target=_hold, args=(lock, marks, 0.2)) for _ in range(3)]
    for holder in holders:
        holder.start()
    for holder in holders:
        holder.join(timeout=30)
    assert Path(marks).read_text().split() == ["in", "out"] * 3


def test_a_lock_file_that_cannot_be_made_does_not_stop_writers(tmp_path: Path) -> None:
    lock = WriterLock(str(tmp_path / "missing-folder" / "db-writer.lock"))
    with lock:
        entered = True
    assert entered


def test_memory_databases_get_no_lock() -> None:
    assert writer_lock_for(":memory:") is None


def _take_and_report(lock: WriterLock, marks: str) -> None:
    with lock, open(marks, "a") as out:
        out.write("child\n")


def test_a_child_forked_while_a_thread_holds_the_lock_can_still_take_it(
    tmp_path: Path,
) -> None:
    lock, marks = WriterLock(str(tmp_path / "db-writer.lock")), str(tmp_path / "marks")
    context = multiprocessing.get_context("fork")
    with lock:
        child = context.Process(target=_take_and_report, args=(lock, marks))
        child.start()
        time.sleep(0.3)
        with open(marks, "a") as out:
            out.write("parent\n")
    child.join(timeout=30)
    assert Path(marks).read_text().split() == ["parent", "child"]
