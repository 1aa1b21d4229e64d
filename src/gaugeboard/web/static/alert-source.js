// What the alert pages share with the places that open the alert form: the watched
// number of an explorer or widget query ("Alert on this"), the address of the form
// prefilled with it, and a condition in words.

const BUCKET_SECONDS = { minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };
const PROPERTY_METRICS = new Set(["sum", "avg", "min", "max"]);

function filtersOf(query) {
  return Array.isArray(query.filters) ? query.filters.map((filter) => ({ ...filter })) : [];
}

/**
 * The alert draft ({name, source, window_seconds}) that watches `query` (a metric or
 * funnel query of the explorer or of a widget), or null for a query an alert cannot
 * watch (retention). The window is the query's bucket (an hour when it has none).
 */
export function draftFromQuery(query, name = "") {
  if (!query || typeof query !== "object") return null;
  const type = query.type || "metric";
  const window = BUCKET_SECONDS[query.bucket] || 3600;
  if (type === "metric") {
    const metric = query.metric || "count";
    const source = { kind: "metric", metric, filters: filtersOf(query) };
    if (query.event) source.event = query.event;
    if (PROPERTY_METRICS.has(metric) && query.property) source.property = query.property;
    return { name, source, window_seconds: window };
  }
  if (type === "funnel") {
    const steps = (Array.isArray(query.steps) ? query.steps : []).map((step) => ({ event: step.event, filters: step.filters || [] }));
    const source = { kind: "funnel", steps, filters: filtersOf(query) };
    if (query.window && typeof query.window === "object") source.conversion_window = { ...query.window };
    return { name, source, window_seconds: 86_400 };
  }
  return null;
}

/** The address of the alert form at `formUrl`, prefilled with `draft`. */
export function draftAddress(formUrl, draft) {
  return `${formUrl}?draft=${encodeURIComponent(JSON.stringify(draft))}`;
}

/** The draft in the address of the form page, or null. */
export function draftFromAddress(search) {
  const raw = new URLSearchParams(search).get("draft");
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A number as the alert pages show it. */
export function numberText(value) {
  if (value === null || value === undefined) return "—";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** `condition` in words: "above 10", "outside 1 … 5", "changes more than 20 %". */
export function conditionText(condition) {
  if (!condition || typeof condition !== "object") return "";
  switch (condition.op) {
    case "above":
    case "below":
      return `${condition.op} ${numberText(condition.threshold)}`;
    case "outside":
      return `outside ${numberText(condition.low)} … ${numberText(condition.high)}`;
    case "change":
      return `changes more than ${numberText(condition.percent)} % from the previous window`;
    default:
      return String(condition.op);
  }
}

/** The horizontal lines of `condition` on the chart: [{value, label}]. */
export function thresholdLines(condition) {
  if (!condition || typeof condition !== "object") return [];
  if (condition.op === "above" || condition.op === "below") return [{ value: condition.threshold, label: `${condition.op} ${numberText(condition.threshold)}` }];
  if (condition.op === "outside") {
    return [
      { value: condition.low, label: `low ${numberText(condition.low)}` },
      { value: condition.high, label: `high ${numberText(condition.high)}` },
    ];
  }
  return [];
}
