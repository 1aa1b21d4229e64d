// "Add a widget": a type, a title and a data source (inline JSON data, a metric query,
// a URL, a data set query, or the status monitor), with a live preview drawn through the
// preview API.
// "Add" hands the new widget to the editor, which places it in the first free spot.

import { problemsOf } from "./api-errors.js";
import { h } from "./dom.js";
import { previewDocument, widgetSection } from "./editor-canvas.js";
import { hasQueryBuilder, mountQueryBuilder } from "./query-builder.js";
import { Widget } from "./widget.js";

const DELAY_MS = 400;
const SAMPLE_ROWS = '[\n  {"label": "north", "value": 7},\n  {"label": "south", "value": 4}\n]';
// Every event per day: valid on any instance, and the dashboard's time range applies.
const SAMPLE_QUERY = '{"metric": "count", "bucket": "day"}';
const QUERY_TEMPLATE = "gb-query-builder-pick";
const SAMPLE_DATASET_QUERY = '{"group_by": ["region"], "measures": [{"aggregate": "sum", "column": "amount"}]}';
const SOURCES = [
  ["inline", "Inline JSON data"],
  ["metric", "Metric query"],
  ["url", "URL"],
  ["dataset", "Data set"],
  ["status", "Status monitor"],
  ["none", "No source"],
];
const MEASURES = ["requests", "failures", "error_rate", "p50_ms", "p95_ms", "p99_ms", "bytes"];

function labelled(id, label, control) {
  control.id = id;
  return h("div", { class: "gb-editor-field" }, h("label", { for: id }, label), control);
}

function select(choices, value) {
  return h("select", {}, choices.map(([key, text]) => h("option", { value: key, selected: key === value }, text)));
}

/** The id a new widget of `type` gets: the type and the first unused number. */
export function freshId(doc, type) {
  const taken = new Set(doc.widgets.map((widget) => widget.id));
  let number = 1;
  while (taken.has(`${type}-${number}`)) number += 1;
  return `${type}-${number}`;
}

export class Picker {
  /** `hooks`: document() → the current document; position() → the first free box; add(widget). */
  constructor(container, api, hooks) {
    this.api = api;
    this.hooks = hooks;
    this.timer = null;
    this.serial = 0;
    this.type = h("select", {}, h("option", { value: "" }, "Loading the types…"));
    this.title = h("input", { type: "text", maxlength: 200 });
    this.sourceKind = select(SOURCES, "inline");
    this.inline = h("textarea", { rows: 6, spellcheck: "false" }, SAMPLE_ROWS);
    this.query = h("textarea", { rows: 4, spellcheck: "false" }, SAMPLE_QUERY);
    this.url = h("input", { type: "text", placeholder: "https://… or /api/…" });
    this.dataset = h("input", { type: "text", placeholder: "name or id", maxlength: 200 });
    this.datasetQuery = h("textarea", { rows: 4, spellcheck: "false" }, SAMPLE_DATASET_QUERY);
    this.measure = select(MEASURES.map((name) => [name, name]), "requests");
    this.route = h("input", { type: "text", placeholder: "every route" });
    this.hours = h("input", { type: "number", min: 1, max: 9600, value: 24 });
    this.step = select([["minute", "minute"], ["hour", "hour"], ["day", "day"]], "hour");
    this.problem = h("p", { class: "gb-editor-field-error", role: "alert", hidden: true });
    this.addButton = h("button", { type: "button", class: "gb-editor-add-button" }, "Add");
    this.groups = {
      inline: h("div", { class: "gb-editor-source" }, labelled("gb-pick-inline", "Data (JSON)", this.inline)),
      metric: this.metricGroup(),
      url: h("div", { class: "gb-editor-source" }, labelled("gb-pick-url", "URL", this.url)),
      dataset: h(
        "div",
        { class: "gb-editor-source" },
        labelled("gb-pick-dataset", "Data set", this.dataset),
        labelled("gb-pick-dataset-query", "Query (JSON)", this.datasetQuery),
      ),
      status: h(
        "div",
        { class: "gb-editor-source" },
        labelled("gb-pick-measure", "Measure", this.measure),
        labelled("gb-pick-route", "Route", this.route),
        labelled("gb-pick-hours", "Hours", this.hours),
        labelled("gb-pick-step", "Step", this.step),
      ),
    };
    this.stage = h("div", { class: "gb-editor-preview" });
    container.replaceChildren(
      h(
        "form",
        { class: "gb-editor-picker-form", "aria-label": "New widget" },
        labelled("gb-pick-type", "Type", this.type),
        labelled("gb-pick-title", "Title", this.title),
        labelled("gb-pick-source", "Data source", this.sourceKind),
        Object.values(this.groups),
        this.problem,
        h("p", { class: "gb-editor-preview-label" }, "Preview"),
        this.stage,
        this.addButton,
      ),
    );
    const form = container.querySelector("form");
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("input", () => this.schedule());
    form.addEventListener("change", () => this.schedule());
    this.addButton.addEventListener("click", () => this.add());
    this.showSourceFields();
  }

  /** The query builder (the explorer's), with the query as JSON under "Advanced". */
  metricGroup() {
    const json = labelled("gb-pick-query", "Metric query (JSON)", this.query);
    if (!hasQueryBuilder(QUERY_TEMPLATE)) return h("div", { class: "gb-editor-source" }, json);
    this.builder = mountQueryBuilder(QUERY_TEMPLATE, JSON.parse(SAMPLE_QUERY), () => {});
    this.advanced = h("details", { class: "gb-query-advanced" }, h("summary", {}, "Advanced: the query as JSON"), json);
    this.advanced.addEventListener("toggle", () => {
      if (this.advanced.open) this.query.value = JSON.stringify(this.builder.read(), null, 2);
      else this.schedule();
    });
    return h("div", { class: "gb-editor-source" }, this.builder.element, this.advanced);
  }

  /** The metric query: the JSON while "Advanced" is open, else the builder's. */
  metricQuery(parse) {
    if (this.builder && !this.advanced.open) return this.builder.read();
    return parse(this.query.value, "Metric query");
  }

  /** Fill the type list from /api/widget/types. */
  setTypes(types) {
    const groups = ["chart", "content"].map((family) =>
      h("optgroup", { label: family === "chart" ? "Charts" : "Content" },
        types.filter((type) => type.family === family).map((type) => h("option", { value: type.type }, type.type))),
    );
    this.type.replaceChildren(...groups);
    this.type.value = types.some((type) => type.type === "bar") ? "bar" : types[0]?.type || "";
  }

  showSourceFields() {
    for (const [kind, group] of Object.entries(this.groups)) group.hidden = kind !== this.sourceKind.value;
  }

  /** The source the fields describe, or throws an Error saying what is wrong. */
  source() {
    const kind = this.sourceKind.value;
    const parse = (text, what) => {
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new Error(`${what}: not valid JSON (${error.message})`);
      }
    };
    if (kind === "inline") return { type: "inline", data: parse(this.inline.value, "Data") };
    if (kind === "metric") return { type: "metric", query: this.metricQuery(parse) };
    if (kind === "url") return { type: "url", url: this.url.value.trim() };
    if (kind === "dataset") return { type: "dataset", dataset: this.dataset.value.trim(), query: parse(this.datasetQuery.value, "Query") };
    if (kind === "status") {
      const source = { type: "status", measure: this.measure.value, hours: Number(this.hours.value) || 24, step: this.step.value };
      if (this.route.value.trim()) source.route = this.route.value.trim();
      return source;
    }
    return null;
  }

  /** The widget the fields describe, in the first free spot. */
  candidate() {
    const doc = this.hooks.document();
    const type = this.type.value;
    const widget = { id: freshId(doc, type || "widget"), type, title: this.title.value.trim(), position: this.hooks.position() };
    const source = this.source();
    if (source) widget.source = source;
    return widget;
  }

  schedule() {
    this.showSourceFields();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.preview(), DELAY_MS);
  }

  fail(message) {
    this.problem.hidden = false;
    this.problem.textContent = message;
  }

  async preview() {
    if (!this.type.value) return;
    let widget;
    try {
      widget = this.candidate();
    } catch (error) {
      this.fail(error.message);
      return;
    }
    this.problem.hidden = true;
    const doc = this.hooks.document();
    const section = widgetSection(widget, "gb-pick-widget");
    const drawer = new Widget(section, { refresh: () => this.preview(), rendered: () => {} });
    this.stage.replaceChildren(section);
    this.serial += 1;
    const mine = this.serial;
    const token = drawer.begin("preview", true);
    const answer = await this.api.preview(previewDocument({ ...doc, widgets: [...doc.widgets, widget] }), [widget.id]);
    if (mine !== this.serial || !drawer.isCurrent(token)) return;
    if (answer.status === 200 && answer.body.ok) {
      await drawer.draw(answer.body.widgets?.[widget.id], "preview");
      return;
    }
    const problems = problemsOf(answer.body);
    const index = doc.widgets.length;
    const own = problems.filter((problem) => problem.startsWith(`widgets[${index}]`));
    const shown = (own.length ? own : problems).map((problem) => problem.replace(`widgets[${index}]`, "new widget"));
    drawer.fail(shown.join("; "), { code: answer.body.code || "preview_failed" });
  }

  add() {
    let widget;
    try {
      widget = this.candidate();
    } catch (error) {
      this.fail(error.message);
      return;
    }
    if (!widget.type) {
      this.fail("Type: choose a widget type.");
      return;
    }
    this.problem.hidden = true;
    this.hooks.add(widget);
    this.title.value = "";
    this.stage.replaceChildren();
  }

  /** Draw the preview the first time the section is opened. */
  opened() {
    if (!this.stage.firstChild) this.schedule();
  }
}
