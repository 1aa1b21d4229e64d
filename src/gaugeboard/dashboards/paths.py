"""Folder paths and names of dashboards: one safe spelling, checked in one place."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

# Always fullmatch: with re.match, "$" also matches before a trailing newline.
SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
MAX_FOLDER_LENGTH = 500
# The same rules as JSON Schema patterns, for the models that describe a request (they look
# ahead, so a model using them sets ``regex_engine="python-re"``).
NAME_PATTERN = rf"(?!.*\.\.){SEGMENT.pattern}"  # one folder, team or dashboard name: no ".."
FOLDER_PATTERN = rf"^(?:{NAME_PATTERN}(?:/{NAME_PATTERN})*)?$"


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


def folder_path(value: Any) -> Any:
    """A folder path's check (a pydantic before-validator): a string, outer slashes
    dropped, every name in it valid."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    folder = value.strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValueError("; ".join(problems))
    return folder


FolderPath = Annotated[
    str,
    Field(max_length=MAX_FOLDER_LENGTH, pattern=FOLDER_PATTERN, description="e.g. team/reports"),
    BeforeValidator(folder_path),
]


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
