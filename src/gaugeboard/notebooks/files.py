"""The files of notebook versions under the instance folder: ``notebooks/<id>/v<n>/``.

Each version's folder holds ``index.ipynb`` and, for a bundle, its other files, written
once and never changed. An upload is unpacked into a private folder beside them
(``notebooks/.incoming/``) and moved into place with one rename, so a reader sees a
version whole or not at all. Files are found by checked relative paths that must resolve
inside their version's folder, and a notebook is never served as a file (it holds the
code the page hides).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from gaugeboard.data_dir import make_private_dirs
from gaugeboard.notebooks.unpack import INDEX, entry_problem

INCOMING = ".incoming"
RUNS = ".runs"
NOTEBOOK_SUFFIX = ".ipynb"


class NotebookFiles:
    """Where notebook versions are kept: ``root`` is ``<instance>/notebooks``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def incoming(self) -> Iterator[Path]:
        """An empty private folder to unpack an upload into; removed on the way out unless
        ``keep`` moved it into place."""
        parent = self.root / INCOMING
        make_private_dirs(parent)
        folder = Path(tempfile.mkdtemp(dir=parent, prefix="upload-"))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def version_dir(self, notebook_id: int, version: int) -> Path:
        return self.root / str(notebook_id) / f"v{version}"

    def keep(self, incoming: Path, notebook_id: int, version: int) -> None:
        """Move an unpacked upload into place as ``version``. A folder already there
        belongs to no committed version (its transaction failed), so it is replaced."""
        target = self.version_dir(notebook_id, version)
        make_private_dirs(target.parent)
        if target.exists():
            shutil.rmtree(target)
        os.replace(incoming, target)

    @contextmanager
    def scratch(self) -> Iterator[Path]:
        """A private folder for one run (its working copy of the bundle, papermill's
        files); removed on the way out."""
        parent = self.root / RUNS
        make_private_dirs(parent)
        folder = Path(tempfile.mkdtemp(dir=parent, prefix="run-"))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def copy_resources(self, notebook_id: int, version: int, target: Path) -> None:
        """A working copy of a version's bundle files (not its notebook) at ``target``, the
        folder a run's kernel works in (a run may write there; the version stays as it was)."""
        source = self.version_dir(notebook_id, version)
        shutil.copytree(
            source, target, symlinks=False, ignore=shutil.ignore_patterns("*" + NOTEBOOK_SUFFIX)
        )

    def run_output_path(self, notebook_id: int, key: str) -> Path:
        """Where the outputs of a run with a viewer's values (or of one cell) are kept."""
        if not key.isalnum():
            raise ValueError(f"bad run key {key!r}")
        return self.root / str(notebook_id) / "runs" / f"{key}{NOTEBOOK_SUFFIX}"

    def write_run_output(self, notebook_id: int, key: str, data: bytes) -> None:
        """Keep a run's executed notebook under ``key``: written beside it, then renamed."""
        target = self.run_output_path(notebook_id, key)
        make_private_dirs(target.parent)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, target)

    def read_run_output(self, notebook_id: int, key: str) -> dict[str, Any] | None:
        try:
            data = self.run_output_path(notebook_id, key).read_bytes()
        except (OSError, ValueError):
            return None
        notebook = orjson.loads(data)
        return notebook if isinstance(notebook, dict) else None

    def read_notebook(self, notebook_id: int, version: int) -> dict[str, Any]:
        data = (self.version_dir(notebook_id, version) / INDEX).read_bytes()
        notebook = orjson.loads(data)
        assert isinstance(notebook, dict)
        return notebook

    def resource_names(self, notebook_id: int, version: int) -> frozenset[str]:
        """The relative paths of a version's files that may be served (not notebooks)."""
        base = self.version_dir(notebook_id, version)
        found = set()
        for folder, _dirs, files in os.walk(base):
            for name in files:
                path = Path(folder, name)
                if not name.lower().endswith(NOTEBOOK_SUFFIX) and not path.is_symlink():
                    found.add(path.relative_to(base).as_posix())
        return frozenset(found)

    def resource(self, notebook_id: int, version: int, relative: str) -> Path | None:
        """The regular file at ``relative`` inside a version's folder, or None (a bad or
        escaping path, a notebook, a folder, a link, or nothing there)."""
        relative = relative.strip("/")
        if not relative or entry_problem(relative) or relative.lower().endswith(NOTEBOOK_SUFFIX):
            return None
        base = self.version_dir(notebook_id, version).resolve()
        candidate = base.joinpath(*relative.split("/"))
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(base) or candidate.is_symlink() or not resolved.is_file():
            return None
        return resolved
