"""The instance folder: created when missing (0700), checked writable, holding the secret key.

Several server processes may run this at the same moment on a new folder (gunicorn workers
of a host app): every step here is safe to race.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from gaugeboard.errors import ConfigurationError

SECRET_KEY_FILE = "secret_key"


def prepare_data_dir(path: Path) -> Path:
    """Create the folder if needed and prove it is writable, or name the setting and reason."""
    resolved = path.expanduser().resolve()
    try:
        make_private_dirs(resolved)
        with tempfile.NamedTemporaryFile(dir=resolved, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise ConfigurationError(
            [f"GAUGEBOARD_DATA_DIR: folder {str(resolved)!r} is not writable ({exc.strerror})"]
        ) from None
    return resolved


def make_private_dirs(path: Path) -> None:
    """Create ``path`` and its missing parents 0700 (an existing folder keeps its mode): the
    folder holds the catalog, the secret key and stored files. ``mkdir(parents=True)`` would
    give the parents the umask's default mode."""
    missing = [folder for folder in (path, *path.parents) if not folder.is_dir()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)  # another process may have just made it


def load_or_create_secret_key(data_dir: Path) -> str:
    """Read the kept secret key, or generate one; safe when several processes start at once."""
    target = data_dir / SECRET_KEY_FILE
    if not target.exists():
        fd, temp_name = tempfile.mkstemp(dir=data_dir, prefix=".secret-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())  # never a linked but empty key after a crash
            os.chmod(temp_name, 0o600)
            with contextlib.suppress(FileExistsError):  # another process won the race
                os.link(temp_name, target)
        finally:
            os.unlink(temp_name)
    key = target.read_text().strip()
    if len(key) < 32:
        raise ConfigurationError(
            [f"GAUGEBOARD_SECRET_KEY: the kept key in {str(target)!r} is too short; delete it"]
        )
    return key
