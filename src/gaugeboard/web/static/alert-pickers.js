// The alert form's lists to pick from instead of typing: the data sets the user may read
// (then, for the chosen one, the numeric columns an aggregate can take and the time
// columns that window its rows) and the status routes the monitor records. The server
// writes them into the page (#gb-al-choices). A stored value no longer in a list (a data
// set since removed) stays selectable, marked, so that editing an alert keeps it.

import { h } from "./dom.js";

const NUMERIC = new Set(["number", "integer", "percentage"]);
const TIMES = new Set(["datetime", "date"]);

/** The columns an aggregate may read: none for count, numbers for sum/avg/min/max, any for distinct. */
export function columnsFor(aggregate, columns) {
  if (aggregate === "count") return [];
  if (aggregate === "distinct") return columns;
  return columns.filter((column) => NUMERIC.has(column.data_type));
}

/** The columns that can keep the rows of a window: dates and times. */
export function timeColumns(columns) {
  return columns.filter((column) => TIMES.has(column.data_type));
}

function option(value, text) {
  return h("option", { value: String(value) }, text);
}

/** Select `value` in `select`, adding it (marked as missing) when it is not offered. */
function choose(select, value, missing) {
  const wanted = value === null || value === undefined ? "" : String(value);
  if (wanted && ![...select.options].some((item) => item.value === wanted)) {
    select.append(option(wanted, `${wanted} (${missing})`));
  }
  select.value = wanted;
}

export class SourcePickers {
  constructor(choices, elements) {
    this.datasets = choices.datasets || [];
    this.routes = choices.routes || [];
    this.el = elements;
    this.el.dataset.append(...this.datasets.map((item) => option(item.id, item.name)));
    this.el.route.append(...this.routes.map((item) => option(item.rule, item.name && item.name !== item.rule ? `${item.rule} (${item.name})` : item.rule)));
    this.el.dataset.addEventListener("change", () => this.fillColumns());
    this.el.aggregate.addEventListener("change", () => this.fillColumns());
  }

  chosenDataset() {
    const value = this.el.dataset.value;
    return this.datasets.find((item) => String(item.id) === value) || null;
  }

  /** Offer the chosen data set's columns, keeping the choices that still fit. */
  fillColumns() {
    const columns = this.chosenDataset()?.columns || [];
    const aggregate = this.el.aggregate.value;
    const keep = { column: this.el.column.value, time: this.el.time.value };
    const usable = columnsFor(aggregate, columns);
    this.el.column.replaceChildren(
      option("", aggregate === "count" ? "not needed for a count" : "choose a column"),
      ...usable.map((column) => option(column.name, `${column.name} (${column.data_type})`)),
    );
    this.el.column.disabled = aggregate === "count";
    this.el.time.replaceChildren(option("", "none: all rows"), ...timeColumns(columns).map((column) => option(column.name, column.name)));
    if (usable.some((column) => column.name === keep.column)) this.el.column.value = keep.column;
    if (timeColumns(columns).some((column) => column.name === keep.time)) this.el.time.value = keep.time;
  }

  writeDataset(source) {
    const named = this.datasets.find((item) => item.name === source.dataset);
    choose(this.el.dataset, named ? named.id : source.dataset, "not found");
    this.el.aggregate.value = source.aggregate || "count";
    this.fillColumns();
    if (source.aggregate !== "count") choose(this.el.column, source.column, "not in the data set");
    choose(this.el.time, source.time_column, "not in the data set");
  }

  readDataset() {
    const raw = this.el.dataset.value;
    const found = { dataset: /^\d+$/.test(raw) ? Number(raw) : raw };
    if (this.el.aggregate.value !== "count" && this.el.column.value) found.column = this.el.column.value;
    if (this.el.time.value) found.time_column = this.el.time.value;
    return found;
  }

  writeRoute(route) {
    choose(this.el.route, route, "not monitored now");
  }

  readRoute() {
    return this.el.route.value;
  }
}
