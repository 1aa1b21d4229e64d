"""``web/static/value-format.js`` spells times, rates, money and numbers as tables and
tooltips show them; run in node (skipped without it, except in CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gaugeboard
from tests.node_module import run_with_module

VALUE_FORMAT_JS = Path(gaugeboard.__file__).parent / "web" / "static" / "value-format.js"

NODE_SCRIPT = """
const format = await import(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const now = new Date("2026-12-01T12:00:00Z");
const out = cases.map(([name, args]) => {
  const options = { locale: "en-US", timeZone: "UTC", now };
  const [value, second, third] = args;
  if (name === "when") return format.formatWhen(value, second, { ...options, ...(third || {}) });
  if (name === "number") return format.formatNumber(value, { locale: "en-US", ...(second || {}) });
  return format.formatCell(args[0], args[1], options);
});
process.stdout.write(JSON.stringify(out));
"""


def spelled(*cases: tuple[str, list[Any]]) -> list[str]:
    answer: list[str] = run_with_module(VALUE_FORMAT_JS, NODE_SCRIPT, list(cases))
    return answer


def test_a_day_is_spelled_as_month_and_day() -> None:
    assert spelled(("when", ["2026-11-07T00:00:00Z", "day"])) == ["Nov 7"]


def test_an_hour_keeps_its_time_of_day() -> None:
    assert spelled(("when", ["2026-11-07T14:00:00Z", "hour"])) == ["Nov 7 14:00"]


def test_a_week_is_named_by_its_first_day() -> None:
    assert spelled(("when", ["2026-11-03T00:00:00Z", "week"])) == ["week of Nov 3"]


def test_a_month_is_its_name_and_year() -> None:
    assert spelled(("when", ["2026-11-01T00:00:00Z", "month"])) == ["Nov 2026"]


def test_times_are_shown_in_the_viewers_zone() -> None:
    case = ("when", ["2026-11-07T14:00:00Z", "hour", {"timeZone": "Europe/Paris"}])
    assert spelled(case) == ["Nov 7 15:00"]


def test_a_calendar_date_does_not_move_between_zones() -> None:
    case = ("when", ["2026-11-07", None, {"timeZone": "America/Los_Angeles"}])
    assert spelled(case) == ["Nov 7"]


def test_another_year_is_named() -> None:
    assert spelled(("when", ["2025-11-07T00:00:00Z", "day"])) == ["Nov 7 2025"]


def test_rates_read_as_percentages() -> None:
    assert spelled(("number", [0.256, {"format": "percent"}])) == ["25.6%"]


def test_money_carries_its_currency() -> None:
    case = ("number", [1234.5, {"format": "currency", "currency": "EUR"}])
    assert spelled(case) == ["€1,234.50"]


def test_large_numbers_get_separators() -> None:
    assert spelled(("number", [1234567, {}]), ("number", [1234.5678, {}])) == [
        "1,234,567",
        "1,234.57",
    ]


def test_a_date_cell_uses_its_columns_grain() -> None:
    case = ("cell", ["2026-11-02T00:00:00Z", {"type": "date", "grain": "week"}])
    assert spelled(case) == ["week of Nov 2"]
