// Filter rows of the query builder: property, operator and value, with the value field
// suggesting the property's known values (a <datalist> filled from
// GET /api/event/property-values as the property is picked). The query's filters and each
// funnel step's filters are lists of these rows.

import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";
import { filterText, filterValue } from "./explorer-query.js";

// How many values a suggestion list asks for (the server's limit is 100).
const SUGGESTED = 50;
let lists = 0; // datalist ids stay unique when a page holds several builders

/** Known values of a property, read once per (event, property) from `url` ("" = none). */
export class ValueSuggestions {
  constructor(url) {
    this.url = url;
    this.cache = new Map();
  }

  /** Promise of the value texts of `property` in events `event` ("" = any event). */
  valuesOf(event, property) {
    if (!this.url || !property) return Promise.resolve([]);
    const key = JSON.stringify([event, property]);
    if (!this.cache.has(key)) {
      const params = new URLSearchParams({ property, limit: String(SUGGESTED) });
      if (event) params.set("event", event);
      const loading = requestJson(`${this.url}?${params}`)
        .then(({ body }) => body.values.map((item) => item.value))
        .catch(() => {
          this.cache.delete(key); // try again next time; typing still works meanwhile
          return [];
        });
      this.cache.set(key, loading);
    }
    return this.cache.get(key);
  }
}

/**
 * The filter rows in list element `list`. `options`: operators ([value, label] pairs), the
 * property keys' datalist id, `suggestions` (a ValueSuggestions), `event()` (whose values
 * to suggest), `label` (the rows' hint, e.g. "Filter" or "Step filter").
 */
export class FilterRows {
  constructor(list, { operators, propertiesId, suggestions, event, label = "Filter" }) {
    this.list = list;
    this.operators = operators;
    this.propertiesId = propertiesId;
    this.suggestions = suggestions;
    this.event = event;
    this.label = label;
  }

  add(filter = {}) {
    const index = this.list.children.length + 1;
    const field = h("input", { class: "gb-x-filter-field", list: this.propertiesId, autocomplete: "off", maxlength: 266 });
    field.value = filter.field || "";
    const op = h("select", { class: "gb-x-filter-op" }, this.operators.map(([value, label]) => h("option", { value }, label)));
    op.value = filter.op || "=";
    lists += 1;
    const known = h("datalist", { id: `gb-x-values-${lists}`, class: "gb-x-filter-values" });
    const value = h("input", { class: "gb-x-filter-value", autocomplete: "off", list: known.id });
    value.value = filterText(filter.value);
    const remove = h("button", { type: "button", class: "gb-x-remove" }, "Remove");
    const row = h(
      "li",
      { class: "gb-x-filter" },
      h("label", {}, h("span", { class: "gb-x-hint" }, `${this.label} ${index}: property`), field),
      h("label", {}, h("span", { class: "gb-x-hint" }, "operator"), op),
      h("label", {}, h("span", { class: "gb-x-hint" }, "value"), value, known),
      remove,
    );
    const sync = () => {
      value.hidden = op.value === "is_set";
    };
    op.addEventListener("change", sync);
    sync();
    const suggest = () => this.suggest(field.value.trim(), known);
    // Asked when the property is picked or the value field is entered, not for every row
    // a saved query brings.
    field.addEventListener("change", suggest);
    value.addEventListener("focus", suggest);
    remove.addEventListener("click", () => row.remove());
    this.list.append(row);
    return row;
  }

  /** Fill `known` with the values of `property`, unless the row moved on meanwhile. */
  suggest(property, known) {
    const event = this.event();
    const wanted = JSON.stringify([event, property]);
    if (known.dataset.loaded === wanted) return;
    known.dataset.loaded = wanted;
    this.suggestions.valuesOf(event, property).then((values) => {
      if (known.dataset.loaded === wanted) known.replaceChildren(...values.map((text) => h("option", { value: text })));
    });
  }

  /** The filters the rows describe; `types` maps property keys to the kind they hold. */
  read(types) {
    return [...this.list.children]
      .filter((row) => row.classList.contains("gb-x-filter"))
      .map((row) => {
        const field = row.querySelector(".gb-x-filter-field").value.trim();
        const op = row.querySelector(".gb-x-filter-op").value;
        const text = row.querySelector(".gb-x-filter-value").value;
        const filter = { field, op };
        const value = filterValue(op, text, types.get(field));
        if (value !== undefined) filter.value = value;
        return filter;
      })
      .filter((filter) => filter.field !== "" || (filter.value !== undefined && filter.value !== ""));
  }

  write(filters) {
    this.list.replaceChildren();
    for (const filter of Array.isArray(filters) ? filters : []) this.add(filter || {});
  }
}
