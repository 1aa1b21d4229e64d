"""What the dashboard routes take and answer, as pydantic models for ``@described``
(the document itself is ``dashboards.document.DashboardDocument``, which the engine
checks and the contract describes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from gaugeboard.dashboards.transfer import MAX_FILES
from gaugeboard.input_checks import with_rules, worded
from gaugeboard.paging import MAX_PAGE, WholeNumber

DEFAULT_LIMIT = 25
MAX_LIMIT = 500
MAX_FILE_NAME = 255


class DashboardListQuery(BaseModel):
    folder: str = ""
    search: str = ""
    owner: str = ""
    recursive: str = Field("", description="1, true or yes for the whole tree")
    deleted: str = Field("", description="1, true or yes for deleted ones (editors)")
    limit: Annotated[int, WholeNumber(1, MAX_LIMIT)] = DEFAULT_LIMIT
    page: Annotated[int, WholeNumber(1, MAX_PAGE)] = 1
    name: str = Field(
        "", max_length=200, description="ClicData's filter: a dashboard's exact name or title"
    )
    includethumbnail: str = Field(
        "",
        description="ClicData's flag (1, true or yes): each item gets its stored thumbnail "
        "as base64 PNG text in `thumbnail` (null until drawn)",
    )


class DashboardSummary(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    path: str
    folder: str
    name: str
    title: str
    version: int


class DashboardList(BaseModel):
    ok: Literal[True]
    folder: str
    folders: list[Any]
    items: list[DashboardSummary]
    dashboards: list[DashboardSummary] = Field(description="the same items, as ClicData names them")
    total: int
    next: int | None
    has_more_data: bool


class DashboardCreated(BaseModel):
    ok: Literal[True]
    dashboard: DashboardSummary


class DashboardSaved(BaseModel):
    """The dashboard as saved (updated, restored or cloned), with its new version."""

    ok: Literal[True]
    dashboard: DashboardSummary


class DashboardFetched(BaseModel):
    ok: Literal[True]
    dashboard: DashboardSummary
    document: dict[str, Any] = Field(description="The dashboard document as saved")


class DashboardDeleted(BaseModel):
    ok: Literal[True]
    deleted: int


def _whole(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.isdigit():
        raise ValueError("must be a whole number")
    return int(value)


class SaveQuery(BaseModel):
    version: Annotated[int | None, Field(ge=0), BeforeValidator(_whole)] = Field(
        None, description='The version edited, unless sent as If-Match: "v3"'
    )
    note: str = Field("", description="A note kept with the new version")


class NoteQuery(BaseModel):
    note: str = Field("", description="A note kept with the first version")


class DeletedQuery(BaseModel):
    deleted: str = Field("", description="1, true or yes to read a deleted dashboard")


class VersionEntry(BaseModel):
    version: int
    action: str
    author: str | None
    note: str | None
    created_at: str | None


class VersionList(BaseModel):
    ok: Literal[True]
    items: list[VersionEntry]
    next: None


class VersionFetched(BaseModel):
    ok: Literal[True]
    version: int
    action: str
    note: str | None
    created_at: str | None
    document: dict[str, Any]


def _version_number(value: Any, info: ValidationInfo) -> Any:
    """A whole number from 1 to the dashboard's version (``newest`` in the context)."""
    if value is None or value == "":
        return None
    newest = (info.context or {}).get("newest", MAX_PAGE)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError("must be a whole number") from None
    if not 1 <= number <= newest:
        raise ValueError(f"must be between 1 and {newest}")
    return number


VersionNumber = Annotated[int | None, Field(ge=1), BeforeValidator(_version_number)]


class DiffQuery(BaseModel):
    # The dashboard's current version is the validation context (the diff view looks the
    # dashboard up first).
    from_: VersionNumber = Field(
        None, alias="from", description="Older version (default: the one before to)"
    )
    to: VersionNumber = Field(None, description="Newer version (default: the current one)")
    deleted: str = Field("", description="1, true or yes to read a deleted dashboard")


class DashboardDiff(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    ok: Literal[True]
    from_: int = Field(alias="from")
    to: int
    changes: list[Any]


def _text(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise ValueError("must be a string")
    return value


class CloneBody(BaseModel):
    """Optional: the copy's name and folder (default: beside the original)."""

    name: Annotated[str | None, BeforeValidator(_text)] = None
    folder: Annotated[str | None, BeforeValidator(_text)] = None


class EmbedOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    dashboard: int
    label: str
    created_by: int | None
    created_at: str | None
    expires_at: str | None
    revoked_at: str | None
    filters: dict[str, Any] | None


class EmbedList(BaseModel):
    ok: Literal[True]
    items: list[EmbedOut]
    next: None


class EmbedCreated(BaseModel):
    ok: Literal[True]
    embed: EmbedOut
    secret: str = Field(description="The embed token, shown this once only")
    url: str = Field(description="The dashboard's address with the token")


class EmbedRevoked(BaseModel):
    ok: Literal[True]
    embed: EmbedOut


DRAFT_RULE = "must be a JSON object (a dashboard document)"


class PreviewBody(BaseModel):
    """A draft document and the data request's fields (variables, range, widgets…)."""

    # The data request's fields are read against the draft document, as the data request
    # of a saved dashboard is (http/dashboard_request.py), once the engine has parsed it.
    model_config = ConfigDict(extra="allow")
    document: dict[str, Any] = Field(description="A dashboard document; name may be left out")

    _words = worded({"missing": DRAFT_RULE, "dict_type": DRAFT_RULE})


class WidgetOutputs(BaseModel):
    ok: Literal[True]
    widgets: dict[str, dict[str, Any]]


class WidgetTypes(BaseModel):
    ok: Literal[True]
    types: list[dict[str, Any]]


FILE_NAME_RULE = "required (the file's name, such as 'sales.json')"
FILES_RULE = "must be a list of 1 or more files ({name, document})"


def _file_name(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(FILE_NAME_RULE)
    if len(value) > MAX_FILE_NAME:
        raise ValueError(f"at most {MAX_FILE_NAME} characters")
    return value


def _one_source(data: Any) -> list[tuple[tuple[int | str, ...], str]]:
    sent = [k for k in ("document", "text") if isinstance(data, dict) and data.get(k) is not None]
    if isinstance(data, dict) and len(sent) != 1:
        return [((), "send exactly one of document (the parsed file) or text")]
    return []


class ImportFile(BaseModel):
    """One file: its name and either its document or its text."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[
        str,
        Field(max_length=MAX_FILE_NAME, description="The file's name, shown in the plan"),
        BeforeValidator(_file_name),
    ]
    document: dict[str, Any] | None = Field(None, description="A document, or")
    text: str | None = Field(None, description="the file's text (native or jsondash JSON)")

    _words = worded(
        {
            "missing": FILE_NAME_RULE,
            "extra_forbidden": "unknown field",
            "model_type": "must be an object with name and document",
            "string_type": "must be a string (the file's content)",
            "dict_type": "must be a JSON object (a dashboard document)",
        }
    )
    _rules = with_rules(_one_source)


def _files(value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise ValueError(FILES_RULE)
    if len(value) > MAX_FILES:
        raise ValueError(f"at most {MAX_FILES} files in one import, not {len(value)}")
    return value


def _folder(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string (a folder path such as 'team/reports')")
    return value


def _flag(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _one_name_each(data: Any) -> list[tuple[tuple[int | str, ...], str]]:
    """A file name used twice, said at the second file."""
    files = data.get("files") if isinstance(data, dict) else None
    first: dict[str, int] = {}
    found: list[tuple[tuple[int | str, ...], str]] = []
    for index, item in enumerate(files if isinstance(files, list) else []):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        if name in first:
            found.append(
                (("files", index, "name"), f"{name!r} is also the name of files[{first[name]}]")
            )
        else:
            first[name] = index
    return found


class ImportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    folder: Annotated[str, BeforeValidator(_folder)] = ""
    dry_run: Annotated[bool, BeforeValidator(_flag)] = False
    files: Annotated[
        list[ImportFile], Field(min_length=1, max_length=MAX_FILES), BeforeValidator(_files)
    ]

    _words = worded({"missing": FILES_RULE, "extra_forbidden": "unknown field"})
    _rules = with_rules(_one_name_each)


class PlannedRow(BaseModel):
    file: str
    path: str
    action: str


class ImportPlanned(BaseModel):
    ok: Literal[True]
    dry_run: bool
    plan: list[PlannedRow]
