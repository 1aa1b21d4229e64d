"""An uploaded notebook or zip bundle, checked and written into a folder of its own.

A bundle is refused before anything of it is trusted: its entry count is read from the
archive's end record before the central directory is parsed, every name must stay inside
the folder (no absolute path, no ``..``, no backslash, no NUL), symbolic links and other
special files are refused, and bytes are counted while they are unpacked, so a zip bomb
stops at the limit whatever its headers claim. Nothing outside ``target`` is written.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from gaugeboard.data_dir import make_private_dirs
from gaugeboard.errors import PayloadTooLarge, ValidationFailed
from gaugeboard.notebooks.document import notebook_bytes, parse_notebook

INDEX = "index.ipynb"
KINDS = {".ipynb": "notebook", ".zip": "bundle"}
_CHUNK = 64 * 1024
# The end-of-central-directory record and the zip64 locator (APPNOTE 4.3.15-16).
_END = b"PK\x05\x06"
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class UnpackLimits:
    """How much one upload may unpack to: bytes written and archive entries."""

    max_bytes: int
    max_entries: int


@dataclass(frozen=True)
class Unpacked:
    """A checked upload in its folder: ``index.ipynb`` and, for a bundle, its resources."""

    kind: str  # notebook | bundle
    notebook: dict[str, Any]
    files: int
    size_bytes: int
    sha256: str


def upload_kind(filename: str) -> str:
    """``notebook`` or ``bundle`` by the file's extension; ValidationFailed otherwise."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        raise ValidationFailed(
            "file: wrong file extension: upload one Jupyter notebook (*.ipynb) or one zip "
            f"bundle (*.zip) holding index.ipynb (got {filename[-80:]!r})"
        )
    return kind


def _digest(stream: IO[bytes]) -> tuple[str, int]:
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def unpack_upload(filename: str, stream: IO[bytes], target: Path, limits: UnpackLimits) -> Unpacked:
    """Check the upload and write it into the empty folder ``target``: the notebook as
    ``index.ipynb`` and a bundle's other files beside it. ValidationFailed (400) or
    PayloadTooLarge (413) says what is wrong; ``target`` may then hold a part of it."""
    kind = upload_kind(filename)
    sha256, size = _digest(stream)
    if kind == "notebook":
        if size > limits.max_bytes:
            raise PayloadTooLarge(f"file: the notebook is larger than {limits.max_bytes} bytes")
        notebook = parse_notebook(stream.read())
        _write_private(target / INDEX, notebook_bytes(notebook))
        return Unpacked(kind, notebook, 1, size, sha256)
    files, written = _unpack_zip(stream, target, limits)
    index = target / INDEX
    notebook = parse_notebook(index.read_bytes())
    index.unlink()
    _write_private(index, notebook_bytes(notebook))
    return Unpacked(kind, notebook, files, written, sha256)


def _entry_count(stream: IO[bytes]) -> int:
    """The number of entries the archive's end record declares (zip64 included), read
    before zipfile parses the whole central directory; 0 when there is no end record
    (zipfile then says the file is not a zip)."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    tail_size = min(size, _END_SIZE + _MAX_COMMENT)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    stream.seek(0)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return 0
    total = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    locator = at - _ZIP64_LOCATOR_SIZE
    if total == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
        stream.seek(offset + 32)
        total = struct.unpack("<Q", stream.read(8).ljust(8, b"\0"))[0]
        stream.seek(0)
    return int(total)


def _open_zip(stream: IO[bytes], limits: UnpackLimits) -> zipfile.ZipFile:
    declared = _entry_count(stream)
    if declared > limits.max_entries:
        raise PayloadTooLarge(
            f"file: the zip holds {declared} entries; at most {limits.max_entries} are unpacked"
        )
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ValidationFailed("file: not a readable zip archive") from None
    if len(archive.infolist()) > limits.max_entries:
        raise PayloadTooLarge(f"file: the zip holds more than {limits.max_entries} entries")
    return archive


def entry_problem(name: str) -> str | None:
    """Why an archive entry's name would land outside the bundle's folder, or None."""
    if "\0" in name or "\\" in name:
        return "has a backslash or NUL in its name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "leaves the bundle's folder (an empty, '.' or '..' part)"
    return None


def _is_special(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):  # 0: only permissions given
        return "is not a regular file or folder"
    if info.flag_bits & 0x1:
        return "is encrypted"
    return None


def _checked_entries(archive: zipfile.ZipFile, limits: UnpackLimits) -> list[zipfile.ZipInfo]:
    problems: list[str] = []
    seen: set[str] = set()
    declared = 0
    for info in archive.infolist():
        name = info.filename
        problem = entry_problem(name) or _is_special(info)
        if problem is None and name.rstrip("/") in seen:
            problem = "appears twice"
        if problem is not None:
            problems.append(f"file: zip entry {name[:120]!r} {problem}")
        seen.add(name.rstrip("/"))
        declared += info.file_size
    if problems:
        raise ValidationFailed(problems[:20])
    top_files = {info.filename for info in archive.infolist() if not info.is_dir()}
    if INDEX not in top_files:
        nested = sorted(name for name in top_files if name.endswith("/" + INDEX))
        hint = f" (found {nested[0]!r}: zip the folder's contents)" if nested else ""
        raise ValidationFailed(f"file: the zip has no {INDEX} at its top level{hint}")
    if declared > limits.max_bytes:
        raise PayloadTooLarge(_too_big(limits))
    return archive.infolist()


def _too_big(limits: UnpackLimits) -> str:
    return f"file: the zip unpacks to more than {limits.max_bytes} bytes"


def _unpack_zip(stream: IO[bytes], target: Path, limits: UnpackLimits) -> tuple[int, int]:
    """Write every entry under ``target``; the number of files and the bytes written."""
    with _open_zip(stream, limits) as archive:
        entries = _checked_entries(archive, limits)
        budget = limits.max_bytes
        files = 0
        for info in entries:
            destination = target.joinpath(*info.filename.rstrip("/").split("/"))
            try:
                if info.is_dir():
                    make_private_dirs(destination)
                    continue
                make_private_dirs(destination.parent)
                budget = _copy_entry(archive, info, destination, budget, limits)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
                raise ValidationFailed(
                    f"file: zip entry {info.filename[:120]!r} could not be unpacked"
                ) from None
            except OSError as exc:
                raise ValidationFailed(
                    f"file: zip entry {info.filename[:120]!r} could not be written "
                    f"({exc.strerror or 'clashes with another entry'})"
                ) from None
            files += 1
    return files, limits.max_bytes - budget


def _copy_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    destination: Path,
    budget: int,
    limits: UnpackLimits,
) -> int:
    """Copy one entry, counting real bytes against ``budget``; the budget left."""
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out, archive.open(info) as source:
        while chunk := source.read(_CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise PayloadTooLarge(_too_big(limits))
            out.write(chunk)
    return budget
