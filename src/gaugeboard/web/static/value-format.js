// Values as people read them, shared by tables and chart tooltips: times in the viewer's
// time zone at their bucket's grain ("Nov 7", "Nov 7 14:00", "week of Nov 3", "Nov 2026"),
// rates as percentages, money with its currency, numbers with separators. No DOM here.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function parts(date, options) {
  const found = {};
  for (const part of new Intl.DateTimeFormat(options.locale, options).formatToParts(date)) found[part.type] = part.value;
  return found;
}

/** Whether `value` is a time these functions spell (an ISO date or date-time). */
export function isTime(value) {
  return typeof value === "string" && (DATE_ONLY.test(value) || ISO_TIME.test(value));
}

/**
 * `value` (ISO 8601) spelled at `grain` (minute, hour, day, week, month; guessed when
 * absent) in `timeZone` (the viewer's by default). A date without a time is a calendar
 * day and is not moved between zones. Text that is not a time comes back as it is.
 */
export function formatWhen(value, grain, { timeZone, locale, now = new Date() } = {}) {
  if (!isTime(value)) return value === null || value === undefined ? "" : String(value);
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return String(value);
  const zone = dateOnly ? "UTC" : timeZone;
  const base = { locale, timeZone: zone, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const at = parts(date, base);
  const thisYear = parts(now, { ...base, timeZone: timeZone }).year;
  const midnight = at.hour === "00" && at.minute === "00";
  const unit = grain || (dateOnly || midnight ? "day" : "minute");
  const year = at.year !== thisYear ? ` ${at.year}` : "";
  const day = `${at.month} ${at.day}`;
  if (unit === "month") return `${at.month} ${at.year}`;
  if (unit === "week") return `week of ${day}${year}`;
  if (unit === "day") return `${day}${year}`;
  return `${day}${year} ${at.hour}:${at.minute}`;
}

const numberFormats = new Map();

function numberFormat(locale, options) {
  const key = JSON.stringify([locale ?? null, options]);
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(locale, options));
  return numberFormats.get(key);
}

/**
 * `value` as a number reads: `format` "percent" (0.25 → "25%"), "currency" (with the
 * ISO `currency` code, "$1,234.50"), else separators ("12,345", "0.125", "3.14").
 */
export function formatNumber(value, { format, currency = "USD", locale } = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) return value === null || value === undefined ? "" : String(value);
  if (format === "percent") return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  if (format === "currency") {
    try {
      return numberFormat(locale, { style: "currency", currency }).format(value);
    } catch {
      return `${numberFormat(locale, { maximumFractionDigits: 2 }).format(value)} ${currency}`;
    }
  }
  if (Number.isInteger(value)) return numberFormat(locale, {}).format(value);
  const small = Math.abs(value) < 1;
  return numberFormat(locale, small ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 2 }).format(value);
}

/** A table cell as text: `column` is {type, grain?, format?, currency?}. */
export function formatCell(value, column = {}, options = {}) {
  if (value === null || value === undefined) return "";
  if (column.type === "date" && isTime(value)) return formatWhen(value, column.grain, options);
  if (typeof value === "number") return formatNumber(value, { format: column.format, currency: column.currency, ...options });
  if (typeof value === "string" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
