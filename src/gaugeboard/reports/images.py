"""Each run's PNG, kept in the data folder (``report_images/<run id>.png``) for the signed
link a webhook receives, and the link's token: ``<run id>.<expiry>.<signature>``, the
signature an HMAC-SHA256 (keyed by the mount's secret key) of the run id and expiry time.
Nobody needs to sign in to open the link; a token that was changed, or whose time has
passed, opens nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gaugeboard.data_dir import make_private_dirs
from gaugeboard.errors import NotFound

FOLDER = "report_images"
_PURPOSE = b"gaugeboard report image\x00"


def _mac(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), _PURPOSE + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def image_token(secret: str, run_id: int, expires: datetime) -> str:
    """The token that opens run ``run_id``'s image until ``expires``."""
    payload = f"{int(run_id)}.{int(expires.timestamp())}"
    return f"{payload}.{_mac(secret, payload)}"


def run_of_token(secret: str, token: str, now: datetime) -> int:
    """The run a token opens; NotFound when it was changed or has expired."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise NotFound("no report image at this link")
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_mac(secret, payload), parts[2]):
        raise NotFound("no report image at this link")
    if int(parts[1]) <= now.timestamp():
        raise NotFound("this report image link has expired")
    return int(parts[0])


@dataclass(frozen=True)
class ReportImages:
    """Where one mount keeps its runs' images."""

    folder: Path

    def path(self, run_id: int) -> Path:
        return self.folder / f"{int(run_id)}.png"

    def save(self, run_id: int, image: bytes) -> None:
        """Write the image whole (a reader sees it complete or not at all)."""
        make_private_dirs(self.folder)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".png")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(image)
            os.replace(temporary, self.path(run_id))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, run_id: int) -> bytes:
        try:
            return self.path(run_id).read_bytes()
        except FileNotFoundError:
            raise NotFound("no report image at this link") from None

    def forget(self, run_id: int) -> None:
        self.path(run_id).unlink(missing_ok=True)
