// Running an explorer query: a one-query dashboard document goes to the preview API and
// its outputs are drawn by the dashboard page's own widget code (chart and rows). A
// retention result has no table form on the server, so its rows are laid out here and
// drawn by the same table renderer.

import { requestJson } from "./explorer-api.js";
import { Widget } from "./widget.js";

const QUERY_PATH = /^widgets\[\d+\]\.source\.query\./;

/** The chart type that draws `query` (`choice`: the line/bar picked for metrics). */
export function chartType(query, choice) {
  if (query.type === "funnel") return "funnel";
  if (query.type === "retention") return "retention";
  return query.bucket === null || choice === "bar" ? "bar" : "line";
}

/** The dashboard widget of the chart: what "Add to dashboard" saves. */
export function chartWidget(query, choice, { id = "chart", title = "" } = {}) {
  const type = chartType(query, choice);
  const widget = { id, type, title, source: { type: "metric", query } };
  if (type === "line" && query.compare) widget.options = { previous: true };
  return widget;
}

/** The preview document: the chart, and a table of the same query when it has one. */
export function previewDocument(query, choice) {
  const widgets = [{ ...chartWidget(query, choice), position: { x: 0, y: 0, w: 12, h: 6 } }];
  if (query.type !== "retention") {
    widgets.push({
      id: "table",
      type: "table",
      position: { x: 0, y: 6, w: 12, h: 6 },
      source: { type: "metric", query },
      options: { page_size: 25 },
    });
  }
  return { title: "Explorer", timezone: query.timezone || "UTC", widgets };
}

/** The server's problems without the preview document's path: `filters[0].value: …`. */
export function queryProblems(errors) {
  return [...new Set(errors.map((error) => error.replace(QUERY_PATH, "")))];
}

/** A retention result as a table output: a row per cohort, the share of each period
 *  (shown as a percentage), cohorts named at the query's period ("week of Nov 3"). */
export function retentionTable(result, period = "week") {
  const cohorts = Array.isArray(result.cohorts) ? result.cohorts : [];
  const periods = Math.max(0, ...cohorts.map((cohort) => (cohort.values || []).length));
  const columns = [
    { name: "Cohort", type: "date", grain: period },
    { name: "People", type: "number" },
    ...Array.from({ length: periods }, (_, index) => ({ name: `${period[0].toUpperCase()}${period.slice(1)} ${index}`, type: "number", format: "percent" })),
  ];
  const rows = cohorts.map((cohort) => [
    String(cohort.local || cohort.start || "").slice(0, 10),
    cohort.size,
    ...Array.from({ length: periods }, (_, index) => cohort.values?.[index]?.share ?? null),
  ]);
  return { ok: true, kind: "table", columns, rows, page_size: 25, sort: null, searchable: false, total_rows: rows.length, truncated: false };
}

export class Results {
  constructor(root, endpoints) {
    this.root = root;
    this.endpoints = endpoints;
    const hooks = { refresh: () => this.rerun?.(), rendered: () => {} };
    this.chart = new Widget(root.querySelector("#gb-x-chart"), hooks);
    this.table = new Widget(root.querySelector("#gb-x-table"), hooks);
    this.rerun = null;
  }

  /** Run `query` and draw it; throws ApiError when the server refuses the query. */
  async run(query, choice) {
    this.rerun = () => this.run(query, choice);
    this.root.hidden = false;
    this.chart.begin("explore", true);
    this.table.begin("explore", true);
    const preview = requestJson(this.endpoints.preview, { method: "POST", body: { document: previewDocument(query, choice) } });
    const rows = query.type === "retention" ? requestJson(this.endpoints.query, { method: "POST", body: query }) : null;
    let answers;
    try {
      answers = await Promise.all([preview, rows]);
    } catch (error) {
      this.root.hidden = true;
      throw error;
    }
    const [drawn, retention] = answers;
    const table = retention ? retentionTable(retention.body, query.period || "week") : drawn.body.widgets.table;
    await Promise.all([
      this.chart.draw(drawn.body.widgets.chart, "explore", { force: true }),
      this.table.draw(table, "explore", { force: true }),
    ]);
  }
}
