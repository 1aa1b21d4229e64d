"""Run a few lines of JavaScript against one of the pages' ES modules in node.

The script gets the module's file URL as ``process.argv[1]`` (to ``await import`` it) and
the JSON of ``given`` on stdin, and writes its JSON answer to stdout. Without node the
calling test skips, except in CI (``CI`` set), where it fails: there node must be present.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def run_with_module(module: Path, script: str, given: Any) -> Any:
    """The JSON ``script`` writes after importing ``module``, fed ``given`` on stdin."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail(f"node is needed in CI to check {module.name}")
        pytest.skip(
            f"node is not installed, so {module.name} is not checked against the Python rules "
            "(apt-get install nodejs to run it; CI fails instead of skipping)"
        )
    done = subprocess.run(
        [node, "-e", f"(async () => {{ {script} }})()", module.as_uri()],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)
