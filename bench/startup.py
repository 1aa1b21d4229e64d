"""Start-up benchmark: what importing gaugeboard's app costs a new process (every
``gaugeboard`` command, every server worker, every test process pays it), against importing
the frameworks it is built on (Flask and SQLAlchemy's ORM) in the same run.

    .venv/bin/python bench/startup.py              # 9 runs of each, alternating
    .venv/bin/python bench/startup.py --runs 21

Each run is a fresh interpreter with bytecode already written; the figures are medians of
wall time and of the child's CPU time (user + system). Also printed: whether pandas was
loaded by the import (it is needed only when a data set is read whole).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBJECTS = {
    "baseline: import flask, sqlalchemy.orm": "import flask, sqlalchemy.orm",
    "import gaugeboard.app": "import gaugeboard.app",
    "import gaugeboard.app, create_app()": (
        "import tempfile; from gaugeboard.app import create_app; d = tempfile.mkdtemp(); "
        "create_app({'DATA_DIR': d, 'DATABASE_URL': f'sqlite:///{d}/c.db', "
        "'EVENT_SEAL_SECONDS': 0, 'STATUS_FLUSH_SECONDS': 0})"
    ),
}
PANDAS_PROBE = "import sys, gaugeboard.app; print('pandas' in sys.modules)"


def environment() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(code: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one fresh interpreter running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=environment())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    for code in SUBJECTS.values():  # writes the bytecode, warms the file cache
        timed(code)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in SUBJECTS}
    for _ in range(runs):
        for name, code in SUBJECTS.items():
            samples[name].append(timed(code))
    base_wall = statistics.median(w for w, _ in samples[next(iter(SUBJECTS))])
    base_cpu = statistics.median(c for _, c in samples[next(iter(SUBJECTS))])
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {runs} runs")
    print("| what | wall ms | ratio | CPU ms | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, taken in samples.items():
        wall = statistics.median(w for w, _ in taken)
        cpu = statistics.median(c for _, c in taken)
        ratios = f"{wall / base_wall:.2f}x | {cpu:.0f} | {cpu / base_cpu:.2f}x"
        print(f"| {name} | {wall:.0f} | {ratios} |")
    loaded = subprocess.run(
        [sys.executable, "-c", PANDAS_PROBE], capture_output=True, text=True, env=environment()
    ).stdout.strip()
    print(f"pandas loaded by `import gaugeboard.app`: {loaded}")


if __name__ == "__main__":
    main()
