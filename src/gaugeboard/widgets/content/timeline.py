"""The ``timeline`` widget: dated entries from rows or TimelineJS3 JSON, drawn by the page
as a horizontal, scrollable strip of cards (jsondash's TimelineJS family).

TimelineJS texts are HTML; they are reduced to plain text here, and media links are kept
only when they are http(s), so nothing from a source is run or rendered as markup. A
media address is shown as a picture only when it is an image from an origin the widget's
``options.images`` lists (the page's Content-Security-Policy allows those and no others);
any other media (videos, tweets, maps, other sites' pictures) is a plain link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator

from gaugeboard.widgets.chart_images import image_origin, origin_of
from gaugeboard.widgets.content.dates import Moment, parse_moment, timelinejs_moment
from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.content.shapes import Record, as_records, wrong_shape
from gaugeboard.widgets.content.text import plain_text, strip_tags
from gaugeboard.widgets.content.urls import checked_http_url, http_url_problem
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

ACCEPTED = (
    'TimelineJS3 JSON {"title"?, "events": [{"start_date": {"year", …}, "text": {"headline", '
    '"text"}, "media"?}]}',
    "rows (a list of objects) with options.time_field, title_field and text_field",
)


class TimelineOptions(ContentOptions):
    """Which row fields hold each entry's time, title, text and link; the order shown."""

    time_field: str = Field("time", min_length=1, max_length=200)
    title_field: str = Field("title", min_length=1, max_length=200)
    text_field: str = Field("text", min_length=1, max_length=200)
    url_field: str | None = Field(None, min_length=1, max_length=200)
    order: Literal["newest", "oldest"] = "newest"
    title: str | None = Field(None, max_length=200)
    max_items: int = Field(1000, ge=1, le=10_000)
    images: list[str] | None = Field(None, min_length=1, max_length=20)

    @field_validator("images")
    @classmethod
    def _origins(cls, value: list[str] | None) -> list[str] | None:
        return [image_origin(entry) for entry in value] if value is not None else None


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@dataclass(frozen=True)
class Media:
    """A TimelineJS media item: its address, and its caption and credit as plain text."""

    url: str
    caption: str = ""
    credit: str = ""

    def item(self, origins: tuple[str, ...]) -> dict[str, Any]:
        path = self.url.split("?", 1)[0].split("#", 1)[0].lower()
        picture = origin_of(self.url) in origins and path.endswith(IMAGE_SUFFIXES)
        return {
            "url": self.url,
            "kind": "image" if picture else "link",
            "caption": self.caption,
            "credit": self.credit,
        }


@dataclass(frozen=True)
class Entry:
    """One event before it is ordered and spelled out."""

    moment: Moment | None
    title: str
    text: str
    url: str | None = None
    label: str | None = None
    media: Media | None = None

    def item(self, origins: tuple[str, ...] = ()) -> dict[str, Any]:
        shown = self.label or (self.moment.label() if self.moment else "")
        return {
            "time": self.moment.iso() if self.moment else None,
            "label": shown,
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "media": self.media.item(origins) if self.media else None,
        }


def _html_text(value: Any, where: str) -> str:
    text = plain_text(value, where)
    return strip_tags(text) if text else ""


def _media_url(media: Any) -> str | None:
    """A TimelineJS media URL, kept as a link only when it is an http(s) address (media
    may also be embed code or a quotation)."""
    url = media.get("url") if isinstance(media, dict) else None
    if isinstance(url, str) and http_url_problem(url.strip()) is None:
        return url.strip()
    return None


def _media(media: Any, where: str) -> Media | None:
    url = _media_url(media)
    if url is None or not isinstance(media, dict):
        return None
    return Media(
        url=url,
        caption=_html_text(media.get("caption"), f"{where}.caption"),
        credit=_html_text(media.get("credit"), f"{where}.credit"),
    )


def _timelinejs_entry(event: Any, where: str) -> Entry:
    if not isinstance(event, dict):
        raise WidgetDataError(f"{where}: must be an object with start_date and text")
    start = event.get("start_date")
    given = event.get("text")
    text: dict[str, Any] = given if isinstance(given, dict) else {}
    display = event.get("display_date") or (
        start.get("display_date") if isinstance(start, dict) else None
    )
    return Entry(
        moment=timelinejs_moment(start, f"{where}.start_date"),
        title=_html_text(text.get("headline"), f"{where}.text.headline"),
        text=_html_text(text.get("text"), f"{where}.text.text"),
        url=_media_url(event.get("media")),
        label=_html_text(display, f"{where}.display_date") or None,
        media=_media(event.get("media"), f"{where}.media"),
    )


def _timelinejs(payload: dict[str, Any]) -> tuple[list[Entry], str | None]:
    events = payload["events"]
    if not isinstance(events, list):
        raise WidgetDataError("payload.events: must be a list of events")
    entries = [_timelinejs_entry(event, f"payload.events[{i}]") for i, event in enumerate(events)]
    slide = payload.get("title")
    text = slide.get("text") if isinstance(slide, dict) else None
    headline = text.get("headline") if isinstance(text, dict) else None
    return entries, _html_text(headline, "payload.title.text.headline") or None


def _row_entry(record: Record, options: TimelineOptions, where: str) -> Entry:
    url = record.get(options.url_field) if options.url_field else None
    if url is not None:
        url = checked_http_url(str(url), f"{where}.{options.url_field}")
    return Entry(
        moment=parse_moment(record.get(options.time_field), f"{where}.{options.time_field}"),
        title=plain_text(record.get(options.title_field), f"{where}.{options.title_field}") or "",
        text=plain_text(record.get(options.text_field), f"{where}.{options.text_field}") or "",
        url=url,
    )


def _rows(records: list[Record], options: TimelineOptions) -> list[Entry]:
    wanted = (options.time_field, options.title_field)
    if not any(name in record for record in records for name in wanted):
        known = ", ".join(sorted({key for record in records for key in record})[:20])
        raise WidgetDataError(
            f"options.time_field: no row has {options.time_field!r} or "
            f"{options.title_field!r} (fields: {known}); set time_field and title_field"
        )
    return [_row_entry(record, options, f"payload[{i}]") for i, record in enumerate(records)]


def ordered(entries: list[Entry], order: str) -> list[Entry]:
    """Dated entries newest (or oldest) first; undated ones after them, as given."""
    dated = [entry for entry in entries if entry.moment is not None]
    dated.sort(
        key=lambda entry: entry.moment.sort_key() if entry.moment else (), reverse=order == "newest"
    )
    return dated + [entry for entry in entries if entry.moment is None]


def timeline_entries(payload: Any, options: TimelineOptions) -> tuple[list[Entry], str | None]:
    """The entries and the title of any accepted payload."""
    if isinstance(payload, dict) and "events" in payload:
        return _timelinejs(payload)
    if payload == []:
        return [], None
    records = as_records(payload)
    if records is not None:
        return _rows(records, options), None
    raise wrong_shape("timeline", ACCEPTED, payload)


def render_timeline(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "timeline", "title", "items": [{"time", "label", "title", "text", "url",
    "media": {"url", "kind": "image"|"link", "caption", "credit"} | null}], "truncated"}``."""
    options = read_options(TimelineOptions, request.options)
    entries, title = timeline_entries(payload, options)
    shown = ordered(entries, options.order)
    return {
        "kind": "timeline",
        "title": options.title or title,
        "items": [entry.item(tuple(options.images or ())) for entry in shown[: options.max_items]],
        "truncated": len(shown) > options.max_items,
    }
