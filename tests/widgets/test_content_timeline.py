from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(payload: Any, **options: Any) -> dict[str, Any]:
    return render_content(WidgetRequest(id="t", type="timeline", options=options), payload)


def refused(payload: Any, **options: Any) -> str:
    with pytest.raises(WidgetDataError) as caught:
        draw(payload, **options)
    return caught.value.message


TIMELINEJS = {
    "title": {"text": {"headline": "<h1>Space <em>race</em></h1>", "text": "<p>intro</p>"}},
    "events": [
        {
            "start_date": {"year": 1961, "month": 4, "day": 12},
            "text": {"headline": "Gagarin", "text": "<p>First <b>human</b> &amp; orbit</p>"},
            "media": {"url": "https://en.wikipedia.org/wiki/Vostok_1"},
        },
        {
            "start_date": {"year": "1969", "month": "7", "day": "20", "hour": "20", "minute": "17"},
            "text": {"headline": "Landing", "text": "<script>steal()</script>Eagle"},
            "media": {"url": "javascript:alert(1)"},
        },
        {"start_date": {"year": 1957}, "text": {"headline": "Sputnik"}},
    ],
}
ROWS = [
    {"when": "2024-03-01", "what": "Launch", "why": "v1", "link": "https://e.org/1"},
    {"when": "2024-05-01T12:30:00Z", "what": "Patch", "why": "v1.1"},
    {"when": None, "what": "Someday"},
]


def titles(output: dict[str, Any]) -> list[str]:
    return [item["title"] for item in output["items"]]


def test_timelinejs_title_is_plain_text() -> None:
    assert draw(TIMELINEJS)["title"] == "Space race"


def test_timelinejs_events_newest_first() -> None:
    assert titles(draw(TIMELINEJS)) == ["Landing", "Gagarin", "Sputnik"]


def test_oldest_first_on_request() -> None:
    assert titles(draw(TIMELINEJS, order="oldest")) == ["Sputnik", "Gagarin", "Landing"]


def test_timelinejs_item_has_every_key_of_the_contract() -> None:
    assert draw(TIMELINEJS)["items"][1] == {
        "time": "1961-04-12",
        "label": "12 April 1961",
        "title": "Gagarin",
        "text": "First human & orbit",
        "url": "https://en.wikipedia.org/wiki/Vostok_1",
        "media": {
            "url": "https://en.wikipedia.org/wiki/Vostok_1",
            "kind": "link",
            "caption": "",
            "credit": "",
        },
    }


def test_timelinejs_time_of_day_is_kept() -> None:
    first = draw(TIMELINEJS)["items"][0]
    assert (first["time"], first["label"]) == ("1969-07-20T20:17:00", "20 July 1969 20:17")


def test_timelinejs_year_only_date() -> None:
    last = draw(TIMELINEJS)["items"][2]
    assert (last["time"], last["label"]) == ("1957", "1957")


def test_timelinejs_script_content_is_dropped() -> None:
    assert draw(TIMELINEJS)["items"][0]["text"] == "Eagle"


def test_timelinejs_javascript_media_url_is_dropped() -> None:
    assert draw(TIMELINEJS)["items"][0]["url"] is None


def test_timelinejs_display_date_is_the_label() -> None:
    payload = {"events": [{"start_date": {"year": 2000}, "display_date": "Y2K", "text": {}}]}
    assert draw(payload)["items"][0]["label"] == "Y2K"


def test_timelinejs_bad_month_names_the_field() -> None:
    payload = {"events": [{"start_date": {"year": 2000, "month": 13}}]}
    assert refused(payload).startswith("payload.events[0].start_date.month:")


def test_timelinejs_missing_year_refused() -> None:
    payload = {"events": [{"start_date": {"month": 1}}]}
    assert refused(payload).startswith("payload.events[0].start_date.year:")


def test_options_title_wins() -> None:
    assert draw(TIMELINEJS, title="Mine")["title"] == "Mine"


def test_rows_with_field_options() -> None:
    output = draw(ROWS, time_field="when", title_field="what", text_field="why", url_field="link")
    assert output["items"][1] == {
        "time": "2024-03-01",
        "label": "1 March 2024",
        "title": "Launch",
        "text": "v1",
        "url": "https://e.org/1",
        "media": None,
    }


def test_rows_undated_entries_come_last() -> None:
    output = draw(ROWS, time_field="when", title_field="what", order="oldest")
    assert titles(output) == ["Launch", "Patch", "Someday"]


def test_rows_utc_times_end_in_z() -> None:
    output = draw(ROWS, time_field="when", title_field="what")
    assert output["items"][0]["time"] == "2024-05-01T12:30:00Z"


def test_rows_times_with_offsets_are_converted_to_utc() -> None:
    output = draw([{"time": "2024-01-01T10:00:00+02:00", "title": "x"}])
    assert output["items"][0]["time"] == "2024-01-01T08:00:00Z"


def test_rows_epoch_seconds() -> None:
    assert draw([{"time": 0, "title": "epoch"}])["items"][0]["time"] == "1970-01-01T00:00:00Z"


def test_rows_epoch_milliseconds() -> None:
    output = draw([{"time": 1_700_000_000_000, "title": "ms"}])
    assert output["items"][0]["time"] == "2023-11-14T22:13:20Z"


def test_rows_default_fields() -> None:
    assert titles(draw([{"time": "2024-01-01", "title": "a", "text": "b"}])) == ["a"]


def test_rows_bad_time_names_the_row() -> None:
    assert refused([{"time": "yesterday", "title": "x"}]).startswith("payload[0].time:")


def test_rows_javascript_url_refused() -> None:
    rows = [{"time": "2024-01-01", "title": "x", "u": "javascript:alert(1)"}]
    assert refused(rows, url_field="u").startswith("payload[0].u:")


def test_rows_markup_stays_plain_text() -> None:
    output = draw([{"time": "2024-01-01", "title": "<b>x</b>"}])
    assert output["items"][0]["title"] == "<b>x</b>"


def test_rows_without_time_or_title_fields_refused() -> None:
    assert refused([{"a": 1}]).startswith("options.time_field:")


def test_max_items_caps_the_list() -> None:
    output = draw(TIMELINEJS, max_items=1)
    assert (titles(output), output["truncated"]) == (["Landing"], True)


def test_bad_order_option_refused() -> None:
    assert refused(TIMELINEJS, order="random").startswith("options.order:")


def test_wrong_shape_lists_accepted_shapes() -> None:
    assert "TimelineJS3" in refused("x")
