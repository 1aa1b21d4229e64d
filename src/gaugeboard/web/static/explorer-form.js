// The explorer's form: shows the fields of the chosen mode, keeps the filter and funnel
// step rows, and turns the fields into a query and back. Names and property keys come from
// the event catalog; anything typed is still sent, and the server judges it.

import { h } from "./dom.js";
import { dayRange, daysOf, filterText, filterValue, MODES } from "./explorer-query.js";

const OPERATORS = [
  ["=", "is"],
  ["!=", "is not"],
  ["in", "is one of (a, b)"],
  ["contains", "contains"],
  [">", "greater than"],
  ["<", "less than"],
  ["is_set", "is set"],
];
const PROPERTY_METRICS = new Set(["sum", "avg", "min", "max"]);
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

export class ExplorerForm {
  /** `onSubject(name)` is called when the event whose properties matter changes. */
  constructor(form, onSubject) {
    this.form = form;
    this.onSubject = onSubject;
    this.names = [];
    this.types = new Map();
    this.field = (id) => form.querySelector(`#gb-x-${id}`);
    this.filters = this.field("filters");
    this.steps = this.field("steps");
    for (const radio of form.querySelectorAll('input[name="mode"]')) {
      radio.addEventListener("change", () => this.showMode());
    }
    this.field("metric").addEventListener("change", () => this.showMode());
    this.field("range").addEventListener("change", () => this.showMode());
    this.field("add-filter").addEventListener("click", () => this.addFilter().querySelector("input")?.focus());
    this.field("add-step").addEventListener("click", () => this.addStep().querySelector("select")?.focus());
    form.addEventListener("change", (event) => {
      if (event.target.classList?.contains("gb-x-event-select")) this.onSubject(this.subject());
    });
  }

  mode() {
    const checked = this.form.querySelector('input[name="mode"]:checked');
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
    const custom = this.field("range").value === "custom";
    for (const element of this.form.querySelectorAll("[data-custom-range]")) element.hidden = !custom;
    this.onSubject(this.subject());
  }

  /** The event whose property keys the pickers offer. */
  subject() {
    const mode = this.mode();
    if (mode === "funnel") return this.steps.querySelector("select")?.value || "";
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
    if (select.dataset.any) options.push(h("option", { value: "" }, select.dataset.any));
    for (const name of this.names) options.push(h("option", { value: name }, name));
    select.replaceChildren(...options);
    if (current) selectValue(select, current);
    else if (!select.dataset.any && this.names.length) select.value = this.names[0];
  }

  /** Property keys ({key, types}) of the subject event, for the property fields. */
  setProperties(properties) {
    this.types = new Map(properties.map((item) => [item.key, item.types?.length === 1 ? item.types[0] : "string"]));
    const options = properties.map((item) => h("option", { value: item.key }));
    this.form.querySelector("#gb-x-properties").replaceChildren(...options);
  }

  setZones(zones) {
    this.form.querySelector("#gb-x-zones").replaceChildren(...zones.map((zone) => h("option", { value: zone })));
  }

  addFilter(filter = {}) {
    const index = this.filters.children.length + 1;
    const field = h("input", { class: "gb-x-filter-field", list: "gb-x-properties", autocomplete: "off", maxlength: 266 });
    field.value = filter.field || "";
    const op = h("select", { class: "gb-x-filter-op" }, OPERATORS.map(([value, label]) => h("option", { value }, label)));
    op.value = filter.op || "=";
    const value = h("input", { class: "gb-x-filter-value", autocomplete: "off" });
    value.value = filterText(filter.value);
    const remove = h("button", { type: "button", class: "gb-x-remove" }, "Remove");
    const row = h(
      "li",
      { class: "gb-x-filter" },
      h("label", {}, h("span", { class: "gb-x-hint" }, `Filter ${index}: property`), field),
      h("label", {}, h("span", { class: "gb-x-hint" }, "operator"), op),
      h("label", {}, h("span", { class: "gb-x-hint" }, "value"), value),
      remove,
    );
    const sync = () => {
      value.hidden = op.value === "is_set";
    };
    op.addEventListener("change", sync);
    sync();
    remove.addEventListener("click", () => row.remove());
    this.filters.append(row);
    return row;
  }

  addStep(step = {}) {
    const select = h("select", { class: "gb-x-event-select gb-x-step-event" });
    this.fillEvents(select);
    if (step.event) selectValue(select, step.event);
    const remove = h("button", { type: "button", class: "gb-x-remove" }, "Remove");
    const row = h("li", { class: "gb-x-step" }, h("label", {}, h("span", { class: "gb-x-hint" }, "Event"), select), remove);
    remove.addEventListener("click", () => {
      if (this.steps.children.length > MIN_STEPS) row.remove();
    });
    this.steps.append(row);
    return row;
  }

  readFilters() {
    return [...this.filters.querySelectorAll(".gb-x-filter")]
      .map((row) => {
        const field = row.querySelector(".gb-x-filter-field").value.trim();
        const op = row.querySelector(".gb-x-filter-op").value;
        const text = row.querySelector(".gb-x-filter-value").value;
        const filter = { field, op };
        const value = filterValue(op, text, this.types.get(field));
        if (value !== undefined) filter.value = value;
        return filter;
      })
      .filter((filter) => filter.field !== "" || (filter.value !== undefined && filter.value !== ""));
  }

  readRange(timezone) {
    const preset = this.field("range").value;
    if (preset !== "custom") return preset;
    return dayRange(this.field("from").value, this.field("to").value, timezone);
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
    const timezone = this.field("timezone").value.trim() || "UTC";
    const common = { range: this.readRange(timezone), timezone, filters: this.readFilters() };
    const mode = this.mode();
    if (mode === "funnel") {
      const steps = [...this.steps.querySelectorAll("select")].map((select) => ({ event: select.value }));
      const window = { value: numberOf(this.field("window").value), unit: this.field("window-unit").value };
      const query = { type: "funnel", steps, window, ...common };
      this.readBreakdown(query);
      return query;
    }
    if (mode === "retention") {
      const query = { type: "retention", start_event: this.field("start-event").value };
      const returning = this.field("return-event").value;
      if (returning) query.return_event = returning;
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
    return { ...query, ...common };
  }

  /** Fill the fields from `query` (as read() makes it, or as a shared address holds it). */
  write(query, chart = "line") {
    const mode = MODES.includes(query.type) ? query.type : "metric";
    this.form.querySelector(`input[name="mode"][value="${mode}"]`).checked = true;
    this.writeTime(query);
    this.filters.replaceChildren();
    for (const filter of Array.isArray(query.filters) ? query.filters : []) this.addFilter(filter || {});
    this.field("breakdown").value = query.breakdown || "";
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
      selectValue(this.field("return-event"), query.return_event || "");
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
    this.field("chart").value = chart === "bar" ? "bar" : "line";
  }

  writeTime(query) {
    this.field("timezone").value = query.timezone || "UTC";
    if (query.range && typeof query.range === "object") {
      const { from, to } = daysOf(query.range);
      this.field("range").value = "custom";
      this.field("from").value = from;
      this.field("to").value = to;
    } else {
      selectValue(this.field("range"), query.range || "last_30_days");
    }
  }

  chart() {
    return this.field("chart").value;
  }
}
