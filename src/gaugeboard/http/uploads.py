"""The one file of a ``multipart/form-data`` upload, refused in words when there is none
or more than one (the Jupyter dashboards server's rule: one file, any field name; extra
plain fields are ignored)."""

from __future__ import annotations

from typing import IO

from flask import request

from gaugeboard.errors import ValidationFailed

FIELD = "file"


def single_upload() -> tuple[str, IO[bytes]]:
    """The uploaded file's name and stream."""
    files = [item for key in request.files for item in request.files.getlist(key)]
    files = [item for item in files if item.filename]
    if not files:
        raise ValidationFailed(
            f"{FIELD}: no file provided: send a multipart/form-data body with one field "
            f"named {FIELD!r} holding a Jupyter notebook (*.ipynb) or a zip bundle (*.zip)"
        )
    if len(files) > 1:
        raise ValidationFailed(
            f"{FIELD}: too many files ({len(files)}): send exactly one notebook (*.ipynb) "
            "or one bundle (*.zip)"
        )
    upload = files[0]
    return str(upload.filename), upload.stream
