"""Folder paths and names of dashboards: one safe spelling, checked in one place."""

from __future__ import annotations

import re

# Always fullmatch: with re.match, "$" also matches before a trailing newline.
SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
MAX_FOLDER_LENGTH = 500


def segment_problem(segment: str) -> str | None:
    if not SEGMENT.fullmatch(segment) or ".." in segment:
        return (
            f"{segment!r} is not a valid name: use 1-100 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    return None


def folder_problems(folder: str) -> list[str]:
    if folder == "":
        return []
    if len(folder) > MAX_FOLDER_LENGTH:
        return [f"must be at most {MAX_FOLDER_LENGTH} characters"]
    return [problem for part in folder.split("/") if (problem := segment_problem(part))]


def split_path(path: str) -> tuple[str, str]:
    """``a/b/c`` → folder ``a/b`` and name ``c``."""
    folder, _, name = path.strip("/").rpartition("/")
    return folder, name


def join_path(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def immediate_subfolders(folder: str, below: list[str]) -> list[str]:
    """The folders directly inside ``folder``, from any folder paths below it."""
    depth = folder.count("/") + 1 if folder else 0
    return sorted({"/".join(path.split("/")[: depth + 1]) for path in below})
