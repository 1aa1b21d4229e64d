// The query builder outside the explorer: the editor mounts it for a widget's metric source
// (the selected widget's form and "Add a widget"). The page carries the builder's markup
// in <template> elements (templates/_query_builder.html, so its choices are the server's),
// and its catalog address on #gb-query-builders. A widget's query leaves range and time
// zone out unless one is picked, so it follows its dashboard's.

import { h } from "./dom.js";
import { EventCatalog, pageZones } from "./event-catalog.js";
import { ExplorerForm } from "./explorer-form.js";

let shared = null;

function catalog() {
  if (!shared) shared = new EventCatalog(document.getElementById("gb-query-builders")?.dataset.namesUrl || "");
  return shared;
}

/** Whether the page can show a query builder. */
export function hasQueryBuilder(templateId) {
  return document.getElementById(templateId) instanceof HTMLTemplateElement;
}

/**
 * A builder cloned from template `templateId`, filled with `query`; `onChange(query)` is
 * called with the query the fields describe after each change. Returns
 * {element, read(), write(query)}.
 */
export function mountQueryBuilder(templateId, query, onChange) {
  const template = document.getElementById(templateId);
  const element = h("div", { class: "gb-query-host" });
  element.append(template.content.cloneNode(true));
  const names = catalog();
  let subject = null;
  const form = new ExplorerForm(element, (name) => {
    subject = name;
    names.propertiesOf(name || "").then((properties) => {
      if (subject === name) form.setProperties(properties);
    });
  }, { inherit: true });
  form.setZones(pageZones());
  form.write(query && typeof query === "object" ? query : { type: "metric", metric: "count", bucket: "day" });
  names
    .eventNames()
    .then((list) => form.setNames(list.map((item) => item.name)))
    .catch(() => {}); // the event pickers keep what the query names
  const changed = () => onChange(form.read());
  element.addEventListener("change", changed);
  // Removing a row or adding an empty one fires no change event.
  element.addEventListener("click", (event) => {
    if (event.target.closest?.(".gb-x-remove")) queueMicrotask(changed);
  });
  return { element, read: () => form.read(), write: (value) => form.write(value) };
}
