// The query builder's form (templates/_query_builder.html), in the explorer and in the
// editor for a widget's metric source: shows the fields of the chosen mode, keeps the
// filter and funnel step rows, and turns the fields into a query and back. Its choices come
// from the page (the server's query model); names and property keys from the event catalog;
// anything typed is still sent, and the server judges it.

import { h } from "./dom.js";
import { dayRange, daysOf, MODES } from "./explorer-query.js";
import { FilterRows, ValueSuggestions } from "./query-filters.js";

const OPERATORS = [["=", "is"]]; // when the page names none
// The return event option that stands for "any event" (the query's return_any).
export const ANY_EVENT = "*";
const PROPERTY_METRICS = new Set(["sum", "avg", "min", "max"]);
// The one metric that may be estimated (HyperLogLog) when the "Approximate" box is ticked.
const APPROXIMATE_METRIC = "unique_persons";
const MIN_STEPS = 2;

/** A number typed in a field; text that is not one goes as it is (the server names it). */
function numberOf(text) {
  const trimmed = String(text).trim();
  if (trimmed === "") return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function selectValue(select, value) {
  const wanted = value === undefined || value === null ? "" : String(value);
  if (![...select.options].some((option) => option.value === wanted)) {
    select.append(h("option", { value: wanted }, wanted));
  }
  select.value = wanted;
}

function operatorsOf(list) {
  try {
    const parsed = JSON.parse(list.dataset.operators || "[]");
    return Array.isArray(parsed) && parsed.length ? parsed : OPERATORS;
  } catch {
    return OPERATORS;
  }
}

export class ExplorerForm {
  /**
   * `form` holds one query builder; `onSubject(name)` is called when the event whose
   * properties matter changes. `inherit`: an empty range or time zone is left out of the
   * query (a widget then follows its dashboard's).
   */
  constructor(form, onSubject, { inherit = false } = {}) {
    this.form = form;
    this.onSubject = onSubject;
    this.inherit = inherit;
    this.names = [];
    this.types = new Map();
    const builder = form.querySelector(".gb-query-builder");
    const prefix = builder?.dataset.prefix || "gb-x";
    this.modeName = builder?.dataset.modeName || "mode";
    this.field = (id) => form.querySelector(`#${prefix}-${id}`);
    this.filters = this.field("filters");
    this.operators = operatorsOf(this.filters);
    this.suggestions = new ValueSuggestions(builder?.dataset.valuesUrl || "");
    this.filterRows = this.rowsIn(this.filters, () => this.subject());
    this.steps = this.field("steps");
    this.stepRows = new WeakMap(); // a step's <li> → its FilterRows
    for (const radio of this.radios()) {
      radio.addEventListener("change", () => this.showMode());
    }
    this.field("metric").addEventListener("change", () => this.showMode());
    this.field("range").addEventListener("change", () => this.showMode());
    this.field("add-filter").addEventListener("click", () => this.filterRows.add().querySelector("input")?.focus());
    this.field("add-step").addEventListener("click", () => this.addStep().querySelector("select")?.focus());
    form.addEventListener("change", (event) => {
      if (event.target.classList?.contains("gb-x-event-select")) this.onSubject(this.subject());
    });
  }

  /** Filter rows kept in `list`, suggesting the values of the events `event()` names. */
  rowsIn(list, event, label = "Filter") {
    const propertiesId = this.field("properties").id;
    return new FilterRows(list, { operators: this.operators, propertiesId, suggestions: this.suggestions, event, label });
  }

  radios() {
    return this.form.querySelectorAll(`input[name="${this.modeName}"]`);
  }

  mode() {
    const checked = [...this.radios()].find((radio) => radio.checked);
    return checked && MODES.includes(checked.value) ? checked.value : "metric";
  }

  /** Show the fields that belong to the mode, the property and the custom dates when used. */
  showMode() {
    const mode = this.mode();
    for (const group of this.form.querySelectorAll("[data-mode]")) {
      group.hidden = !group.dataset.mode.split(" ").includes(mode);
    }
    const needsProperty = PROPERTY_METRICS.has(this.field("metric").value);
    this.form.querySelector("[data-needs-property]").hidden = !needsProperty;
    const persons = this.form.querySelector("[data-needs-persons]");
    if (persons) persons.hidden = this.field("metric").value !== APPROXIMATE_METRIC;
    const custom = this.field("range").value === "custom";
    for (const element of this.form.querySelectorAll("[data-custom-range]")) element.hidden = !custom;
    this.onSubject(this.subject());
  }

  /** The event whose property keys the pickers offer. */
  subject() {
    const mode = this.mode();
    if (mode === "funnel") return this.steps.querySelector(".gb-x-step-event")?.value || "";
    if (mode === "retention") return this.field("start-event").value;
    return this.field("event").value;
  }

  /** Event names from the catalog, for every event picker. */
  setNames(names) {
    this.names = names;
    for (const select of this.form.querySelectorAll("select.gb-x-event-select")) this.fillEvents(select);
  }

  fillEvents(select) {
    const current = select.value;
    const options = [];
    if (select.dataset.any) options.push(h("option", { value: select.dataset.anyValue || "" }, select.dataset.any));
    for (const name of this.names) options.push(h("option", { value: name }, name));
    select.replaceChildren(...options);
    if (current) selectValue(select, current);
    else if (!select.dataset.any && this.names.length) select.value = this.names[0];
  }

  /** Property keys ({key, types}) of the subject event, for the property fields. */
  setProperties(properties) {
    this.types = new Map(properties.map((item) => [item.key, item.types?.length === 1 ? item.types[0] : "string"]));
    const options = properties.map((item) => h("option", { value: item.key }));
    this.field("properties").replaceChildren(...options);
    const breakdown = this.field("breakdown");
    const current = breakdown.value;
    breakdown.replaceChildren(h("option", { value: "" }, "none"), ...properties.map((item) => h("option", { value: item.key }, item.key)));
    if (current) selectValue(breakdown, current);
  }

  /** The IANA time zones the server knows, for the time zone picker. */
  setZones(zones) {
    const select = this.field("timezone");
    const current = select.value;
    const keep = [...select.options].filter((option) => option.value === "");
    select.replaceChildren(...keep, ...zones.map((zone) => h("option", { value: zone }, zone)));
    selectValue(select, current);
  }

  addFilter(filter = {}) {
    return this.filterRows.add(filter);
  }

  /** A funnel step row: its event, and its own filters behind "+ filter". */
  addStep(step = {}) {
    const select = h("select", { class: "gb-x-event-select gb-x-step-event" });
    this.fillEvents(select);
    if (step.event) selectValue(select, step.event);
    const list = h("ul", { class: "gb-x-filters gb-x-step-filters" });
    const rows = this.rowsIn(list, () => select.value, "Step filter");
    rows.write(step.filters);
    const more = h("button", { type: "button", class: "gb-x-step-add-filter" }, "+ filter");
    const remove = h("button", { type: "button", class: "gb-x-remove" }, "Remove");
    const row = h("li", { class: "gb-x-step" }, h("label", {}, h("span", { class: "gb-x-hint" }, "Event"), select), more, remove, list);
    this.stepRows.set(row, rows);
    more.addEventListener("click", () => rows.add().querySelector("input")?.focus());
    remove.addEventListener("click", () => {
      if (this.steps.children.length > MIN_STEPS) row.remove();
    });
    this.steps.append(row);
    return row;
  }

  /** The funnel's steps, each with its filters when it has some. */
  readSteps() {
    return [...this.steps.children].map((row) => {
      const step = { event: row.querySelector(".gb-x-step-event").value };
      const filters = this.stepRows.get(row)?.read(this.types) || [];
      if (filters.length) step.filters = filters;
      return step;
    });
  }

  readFilters() {
    return this.filterRows.read(this.types);
  }

  readRange(timezone) {
    const preset = this.field("range").value;
    if (preset !== "custom") return preset || undefined;
    return dayRange(this.field("from").value, this.field("to").value, timezone || "UTC");
  }

  /** Range, time zone and filters; in a widget an empty range or zone is left out. */
  readCommon() {
    const zone = this.field("timezone").value.trim();
    const timezone = zone || (this.inherit ? undefined : "UTC");
    const common = { range: this.readRange(timezone), timezone, filters: this.readFilters() };
    for (const key of ["range", "timezone"]) if (common[key] === undefined) delete common[key];
    return common;
  }

  readBreakdown(query) {
    const breakdown = this.field("breakdown").value.trim();
    if (breakdown) {
      query.breakdown = breakdown;
      query.breakdown_limit = numberOf(this.field("limit").value);
    }
  }

  /** The query the fields describe (only the keys of its type). */
  read() {
    const common = this.readCommon();
    const mode = this.mode();
    if (mode === "funnel") {
      const steps = this.readSteps();
      const window = { value: numberOf(this.field("window").value), unit: this.field("window-unit").value };
      const query = { type: "funnel", steps, window, ...common };
      this.readBreakdown(query);
      return query;
    }
    if (mode === "retention") {
      const query = { type: "retention", start_event: this.field("start-event").value };
      const returning = this.field("return-event").value;
      if (returning === ANY_EVENT) query.return_any = true;
      else if (returning) query.return_event = returning;
      query.period = this.field("period").value;
      query.periods = numberOf(this.field("periods").value);
      return { ...query, ...common };
    }
    const query = { type: "metric", metric: this.field("metric").value };
    const event = this.field("event").value;
    if (event) query.event = event;
    if (PROPERTY_METRICS.has(query.metric)) query.property = this.field("property").value.trim();
    const bucket = this.field("bucket").value;
    query.bucket = bucket === "" ? null : bucket;
    this.readBreakdown(query);
    if (this.field("compare").checked) query.compare = true;
    if (query.metric === APPROXIMATE_METRIC && this.field("approximate")?.checked) query.approximate = true;
    return { ...query, ...common };
  }

  /** Fill the fields from `query` (as read() makes it, or as a shared address holds it). */
  write(query, chart = "line") {
    const mode = MODES.includes(query.type) ? query.type : "metric";
    for (const radio of this.radios()) radio.checked = radio.value === mode;
    this.writeTime(query);
    this.filterRows.write(query.filters);
    selectValue(this.field("breakdown"), query.breakdown || "");
    if (query.breakdown_limit !== undefined) this.field("limit").value = String(query.breakdown_limit);
    if (mode === "metric") this.writeMetric(query, chart);
    this.steps.replaceChildren();
    const steps = mode === "funnel" && Array.isArray(query.steps) ? query.steps : [];
    for (const step of steps) this.addStep(step || {});
    while (this.steps.children.length < MIN_STEPS) this.addStep();
    if (mode === "funnel" && query.window) {
      this.field("window").value = String(query.window.value ?? 14);
      this.field("window-unit").value = query.window.unit || "day";
    }
    if (mode === "retention") {
      selectValue(this.field("start-event"), query.start_event || "");
      // No return event (an older query) means the start event itself.
      const returning = query.return_any ? ANY_EVENT : query.return_event || query.start_event || ANY_EVENT;
      selectValue(this.field("return-event"), returning);
      this.field("period").value = query.period || "week";
      this.field("periods").value = String(query.periods ?? 8);
    }
    this.showMode();
  }

  writeMetric(query, chart) {
    selectValue(this.field("event"), query.event || "");
    this.field("metric").value = query.metric || "count";
    this.field("property").value = query.property || "";
    this.field("bucket").value = query.bucket === null ? "" : query.bucket || "day";
    this.field("compare").checked = Boolean(query.compare);
    if (this.field("approximate")) this.field("approximate").checked = query.approximate === true;
    if (this.field("chart")) this.field("chart").value = chart === "bar" ? "bar" : "line";
  }

  writeTime(query) {
    selectValue(this.field("timezone"), query.timezone || (this.inherit ? "" : "UTC"));
    if (query.range && typeof query.range === "object") {
      const { from, to } = daysOf(query.range);
      this.field("range").value = "custom";
      this.field("from").value = from;
      this.field("to").value = to;
    } else {
      selectValue(this.field("range"), query.range || (this.inherit ? "" : "last_30_days"));
    }
  }

  chart() {
    return this.field("chart")?.value || "line";
  }
}
