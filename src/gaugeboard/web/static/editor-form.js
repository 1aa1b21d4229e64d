// The form of the selected widget: its title, one control per option of its type (built
// from the type's options_schema: enum → select, boolean → checkbox, integer/number →
// number input with its limits, string → text, anything else → JSON text), and its data
// source: a query builder for a metric query (JSON under "Advanced"), JSON otherwise.
// Each change calls `update(edit)` with a function that edits the widget.

import { h } from "./dom.js";
import { hasQueryBuilder, mountQueryBuilder } from "./query-builder.js";

const QUERY_TEMPLATE = "gb-query-builder-widget";

let serial = 0;

function controlId(name) {
  serial += 1;
  return `gb-option-${name}-${serial}`;
}

function field(label, control, help) {
  const helpNode = help ? h("p", { class: "gb-input-help", id: `${control.id}-help` }, help) : null;
  if (helpNode) control.setAttribute("aria-describedby", helpNode.id);
  if (control.classList.contains("gb-editor-rows-control")) {
    return h("fieldset", { class: "gb-editor-field gb-editor-rows-field" }, h("legend", {}, label), control, helpNode);
  }
  if (control.type === "checkbox") {
    return h("div", { class: "gb-editor-field gb-editor-check" }, h("label", { for: control.id }, control, ` ${label}`), helpNode);
  }
  return h("div", { class: "gb-editor-field" }, h("label", { for: control.id }, label), control, helpNode);
}

function kindOf(schema) {
  // An optional yes/no (null means "the type decides", e.g. a legend shown when there are
  // several series) needs three states, which a checkbox cannot show.
  if (schema.type === "boolean" && schema.nullable) return "tristate";
  if (Array.isArray(schema.enum)) return "enum";
  // A list of names or colours: one text box per item.
  if (schema.type === "array" && schema.items?.type === "string") return "list";
  // Names to one of a few choices (a table's column formats): a row per name.
  if (schema.type === "object" && Array.isArray(schema.additionalProperties?.enum)) return "map";
  return ["boolean", "integer", "number", "string"].includes(schema.type) ? schema.type : "json";
}

function enumControl(id, schema, value) {
  const select = h("select", { id }, h("option", { value: "" }, schema.default != null ? `(default: ${schema.default})` : "(not set)"));
  for (const choice of schema.enum) {
    if (choice === null) continue;
    select.append(h("option", { value: String(choice), selected: value === choice }, String(choice)));
  }
  return select;
}

function tristateControl(id, value) {
  return h(
    "select",
    { id },
    h("option", { value: "" }, "(default)"),
    h("option", { value: "true", selected: value === true }, "yes"),
    h("option", { value: "false", selected: value === false }, "no"),
  );
}

function changed(element) {
  element.dispatchEvent(new Event("change", { bubbles: true }));
}

function rowsControl(id, label, rows, makeRow) {
  const list = h("ul", { class: "gb-editor-rows" });
  const add = h("button", { type: "button", class: "gb-editor-row-add" }, `Add ${label}`);
  const control = h("div", { id, class: "gb-editor-rows-control" }, list, add);
  const append = (...values) => {
    const remove = h("button", { type: "button", class: "gb-editor-row-remove", "aria-label": `Remove this ${label}` }, "Remove");
    const row = h("li", {}, ...makeRow(...values), remove);
    remove.addEventListener("click", () => {
      row.remove();
      changed(control);
    });
    list.append(row);
    return row;
  };
  for (const values of rows) append(...values);
  add.addEventListener("click", () => append().querySelector("input, select")?.focus());
  return control;
}

/** A list of strings: a text box per item, Add and Remove. */
function listControl(id, schema, value) {
  const items = Array.isArray(value) ? value : [];
  return rowsControl(id, "an item", items.map((item) => [item]), (item = "") => [
    h("input", { type: "text", class: "gb-editor-row-value", value: String(item), maxlength: schema.items?.maxLength, "aria-label": "Item" }),
  ]);
}

/** Names to choices: a name box and a select per row. */
function mapControl(id, schema, value) {
  const entries = value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
  const choices = schema.additionalProperties.enum;
  return rowsControl(id, "a row", entries, (key = "", choice = choices[0]) => [
    h("input", { type: "text", class: "gb-editor-row-key", value: key, maxlength: schema.propertyNames?.maxLength, "aria-label": "Column" }),
    h("select", { class: "gb-editor-row-value", "aria-label": "Shown as" }, choices.map((item) => h("option", { value: item, selected: item === choice }, item))),
  ]);
}

function readRows(kind, control) {
  const rows = [...control.querySelectorAll(".gb-editor-rows > li")];
  if (kind === "list") {
    const items = rows.map((row) => row.querySelector(".gb-editor-row-value").value.trim()).filter((item) => item !== "");
    return items.length ? items : undefined;
  }
  const entries = rows
    .map((row) => [row.querySelector(".gb-editor-row-key").value.trim(), row.querySelector(".gb-editor-row-value").value])
    .filter(([key]) => key !== "");
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function inputControl(kind, id, schema, value) {
  if (kind === "list") return listControl(id, schema, value);
  if (kind === "map") return mapControl(id, schema, value);
  if (kind === "enum") return enumControl(id, schema, value);
  if (kind === "tristate") return tristateControl(id, value);
  if (kind === "boolean") return h("input", { type: "checkbox", id, checked: value === undefined ? schema.default === true : value === true });
  if (kind === "integer" || kind === "number") {
    return h("input", {
      type: "number",
      id,
      value: value ?? "",
      min: schema.minimum ?? schema.exclusiveMinimum,
      max: schema.maximum ?? schema.exclusiveMaximum,
      step: kind === "integer" ? "1" : "any",
      placeholder: schema.default ?? "",
    });
  }
  if (kind === "string") return h("input", { type: "text", id, value: value ?? "", maxlength: schema.maxLength, placeholder: schema.default ?? "" });
  return h("input", { type: "text", id, value: value === undefined ? "" : JSON.stringify(value), placeholder: "JSON", spellcheck: "false" });
}

function readNumber(kind, text, schema) {
  const number = Number(text);
  if (!Number.isFinite(number)) return { error: "must be a number" };
  if (kind === "integer" && !Number.isInteger(number)) return { error: "must be a whole number" };
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  if ((low !== undefined && number < low) || (high !== undefined && number > high)) {
    return { error: `must be between ${low ?? "-∞"} and ${high ?? "∞"}` };
  }
  return number;
}

/** The option value a control holds: undefined for "not set", or {error}. */
function readControl(kind, control, schema) {
  if (kind === "boolean") return control.checked;
  if (kind === "list" || kind === "map") return readRows(kind, control);
  const text = control.value.trim();
  if (text === "") return undefined;
  if (kind === "tristate") return text === "true";
  if (kind === "enum") return schema.enum.find((choice) => String(choice) === text);
  if (kind === "integer" || kind === "number") return readNumber(kind, text, schema);
  if (kind === "string") return control.value;
  try {
    return JSON.parse(text);
  } catch {
    return { error: "must be JSON, e.g. [\"#1f77b4\", \"#ff7f0e\"]" };
  }
}

function optionField(name, schema, widget, update) {
  const kind = kindOf(schema);
  const id = controlId(name);
  const control = inputControl(kind, id, schema, widget.options?.[name]);
  control.dataset.option = name;
  const label = schema.title || name;
  const wrapper = field(kind === "json" ? `${label} (JSON)` : label, control, schema.description);
  const problem = h("p", { class: "gb-editor-field-error", role: "alert", hidden: true });
  wrapper.append(problem);
  control.addEventListener("change", () => {
    const value = readControl(kind, control, schema);
    const invalid = value && typeof value === "object" && "error" in value && Object.keys(value).length === 1;
    problem.hidden = !invalid;
    problem.textContent = invalid ? `${label}: ${value.error}` : "";
    if (invalid) return;
    update((target) => {
      target.options = { ...(target.options || {}) };
      if (value === undefined) delete target.options[name];
      else target.options[name] = value;
    });
  });
  return wrapper;
}

function titleField(widget, update) {
  const control = h("input", { type: "text", id: controlId("title"), value: widget.title || "", maxlength: 200 });
  control.addEventListener("change", () => update((target) => {
    target.title = control.value;
  }));
  return field("Title", control);
}

function jsonSourceControl(widget, update, onApplied) {
  const control = h("textarea", { id: controlId("source"), rows: 5, spellcheck: "false" }, widget.source ? JSON.stringify(widget.source, null, 2) : "");
  const problem = h("p", { class: "gb-editor-field-error", role: "alert", hidden: true });
  control.addEventListener("change", () => {
    const text = control.value.trim();
    let value = null;
    try {
      value = text === "" ? null : JSON.parse(text);
    } catch (error) {
      problem.hidden = false;
      problem.textContent = `Source: not valid JSON (${error.message})`;
      return;
    }
    problem.hidden = true;
    update((target) => {
      if (value === null) delete target.source;
      else target.source = value;
    });
    onApplied?.(value);
  });
  return { control, problem };
}

const SOURCE_HELP = "For example {\"type\": \"inline\", \"data\": [...]}, {\"type\": \"metric\", \"query\": {...}}, {\"type\": \"url\", \"url\": \"/api/…\"}, {\"type\": \"dataset\", \"dataset\": \"sales\", \"query\": {...}}.";

/** A metric source: the explorer's query builder, with the JSON under "Advanced". */
function metricSourceField(widget, update) {
  let json = null;
  const builder = mountQueryBuilder(QUERY_TEMPLATE, widget.source.query, (query) => {
    update((target) => {
      target.source = { ...(target.source || {}), type: "metric", query };
    });
    json.control.value = JSON.stringify({ ...widget.source, query }, null, 2);
  });
  json = jsonSourceControl(widget, update, (value) => {
    if (value?.type === "metric") builder.write(value.query || {});
  });
  const advanced = h(
    "details",
    { class: "gb-query-advanced" },
    h("summary", {}, "Advanced: the source as JSON"),
    field("Data source (JSON)", json.control, SOURCE_HELP),
    json.problem,
  );
  return h("fieldset", { class: "gb-editor-source-builder" }, h("legend", {}, "Metric query"), builder.element, advanced);
}

function sourceField(widget, update) {
  if (widget.source?.type === "metric" && hasQueryBuilder(QUERY_TEMPLATE)) return metricSourceField(widget, update);
  const { control, problem } = jsonSourceControl(widget, update);
  const wrapper = field("Data source (JSON)", control, SOURCE_HELP);
  wrapper.append(problem);
  return wrapper;
}

/**
 * Fill `container` with the form of `widget` (a copy from the document). `type` is its
 * entry from /api/widget/types (null while they load). `update(edit)` changes the widget;
 * `remove()` deletes it.
 */
export function renderWidgetForm(container, widget, type, { update, remove }) {
  if (!widget) {
    container.replaceChildren(h("p", { class: "gb-muted" }, "Select a widget to change its options."));
    return;
  }
  const properties = type?.options_schema?.properties || {};
  const options = Object.entries(properties).map(([name, schema]) => optionField(name, schema, widget, update));
  const remover = h("button", { type: "button", class: "gb-editor-delete" }, `Delete ${widget.title || widget.id}`);
  remover.addEventListener("click", remove);
  container.replaceChildren(
    h("p", { class: "gb-editor-widget-kind" }, `${widget.id} · ${widget.type}`),
    h("form", { class: "gb-editor-options", "aria-label": `Options of ${widget.title || widget.id}` },
      titleField(widget, update),
      options.length ? h("fieldset", {}, h("legend", {}, "Options"), options) : h("p", { class: "gb-muted" }, type ? "This type has no options." : "Loading the options…"),
      sourceField(widget, update),
    ),
    remover,
  );
  container.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
}
