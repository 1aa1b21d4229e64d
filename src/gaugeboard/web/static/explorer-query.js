// The explorer's query as data: read from and written to the page address (?q=<JSON>, so
// a run can be shared and reloaded), date ranges in a chosen time zone, filter values.
// No DOM here.

export const MODES = ["metric", "funnel", "retention"];

/** The query a fresh explorer starts with. */
export function defaultQuery(timezone = "UTC") {
  return { type: "metric", metric: "count", bucket: "day", range: "last_30_days", timezone };
}

/** The query in the address `search` ("?q=…"), or null when there is none or it is unreadable. */
export function queryFromSearch(search) {
  const text = new URLSearchParams(search).get("q");
  if (!text) return null;
  try {
    const query = JSON.parse(text);
    return query && typeof query === "object" && !Array.isArray(query) ? query : null;
  } catch {
    return null;
  }
}

/** The address of this page with `query` in it. */
export function searchFor(query) {
  const params = new URLSearchParams();
  params.set("q", JSON.stringify(query));
  return `?${params}`;
}

function offsetMinutes(instant, timezone) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" }).formatToParts(
    new Date(instant),
  );
  const name = parts.find((part) => part.type === "timeZoneName")?.value || "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

function offsetText(minutes) {
  const sign = minutes < 0 ? "-" : "+";
  const whole = Math.abs(minutes);
  return `${sign}${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}

/** Midnight of the day `date` (YYYY-MM-DD) in `timezone`, as ISO 8601 with its offset. */
export function localMidnight(date, timezone) {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let offset = 0;
  try {
    // Twice: the offset at the guess may differ from the offset at the real instant.
    offset = offsetMinutes(guess - offsetMinutes(guess, timezone) * 60_000, timezone);
  } catch {
    offset = 0; // an unknown zone: the server names the problem (timezone: …)
  }
  return `${date}T00:00:00${offsetText(offset)}`;
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date, days = 1) {
  const moment = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return moment.toISOString().slice(0, 10);
}

/** An absolute range from the first to the last day shown (both included). */
export function dayRange(from, to, timezone) {
  return { start: localMidnight(from, timezone), end: localMidnight(nextDay(to), timezone) };
}

/** The first and last day (YYYY-MM-DD) an absolute range covers, as dayRange wrote it. */
export function daysOf(range) {
  const start = String(range?.start || "").slice(0, 10);
  const end = String(range?.end || "").slice(0, 10);
  const valid = /^\d{4}-\d{2}-\d{2}$/;
  return {
    from: valid.test(start) ? start : "",
    to: valid.test(end) ? nextDay(end, -1) : "",
  };
}

function scalar(text, type) {
  const trimmed = text.trim();
  if (type === "number" && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (type === "boolean" && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return text;
}

/**
 * The value a filter sends for what was typed: a list for `in` (comma-separated), a
 * number for `>`/`<` (text that is not one goes as it is, and the server says so), and a
 * number or boolean for `=`/`!=` when the property holds those.
 */
export function filterValue(op, text, type) {
  if (op === "is_set") return undefined;
  if (op === "in") {
    return text
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part) => scalar(part, type));
  }
  if (op === ">" || op === "<") return scalar(text, "number");
  return scalar(text, type);
}

/** What a filter's value input shows. */
export function filterText(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(String).join(", ");
  return String(value);
}
