"""Peak memory of a server process tree (Linux /proc): a started `gaugeboard serve` is a
child of the bench, and its gunicorn workers are children of that, so the tree is found
from the bench's own pid and the server's port, and read before the server is stopped."""

from __future__ import annotations

import os
from pathlib import Path


def _children() -> dict[int, list[int]]:
    """Every process's children, from the parent pid field of /proc/<pid>/stat."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        # the command name, in parentheses, may hold spaces: the fields follow the last ")"
        parent = int(text.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(stat.parent.name))
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def resident_mb(pid: int | None = None) -> float:
    """The resident memory of a process (this one by default) now, in MB."""
    return _status_kb(os.getpid() if pid is None else pid, "VmRSS") / 1024


def server_peaks_kb(port: int) -> dict[int, int]:
    """VmHWM (peak resident set, KiB) of each process of the server this process started
    on ``port``: the child whose command line names the port, and all its descendants."""
    tree = _children()
    roots = []
    for pid in tree.get(os.getpid(), []):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(port).encode() in argv:
            roots.append(pid)
    peaks: dict[int, int] = {}
    while roots:
        pid = roots.pop()
        peaks[pid] = _status_kb(pid, "VmHWM")
        roots.extend(tree.get(pid, []))
    return peaks
