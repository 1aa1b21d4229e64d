// The editor's canvas: one widget section per widget of the document, placed by the view
// page's layout code and drawn by its Widget class from preview outputs. A widget is
// previewed again only when something other than its position changed.

import { problemsOf } from "./api-errors.js";
import { placeWidgets } from "./dashboard-layout.js";
import { h } from "./dom.js";
import { boxOf } from "./editor-geometry.js";
import { Widget } from "./widget.js";

const EDGES = [
  ["e", "Resize width"],
  ["s", "Resize height"],
  ["se", "Resize width and height"],
];

/** A widget section like the view page's, with resize handles and keyboard focus. */
export function widgetSection(widget, prefix = "gb-edit-widget") {
  const title = widget.title || widget.id;
  const titleId = `${prefix}-title-${widget.id}`;
  return h(
    "section",
    {
      class: "gb-widget",
      id: `${prefix}-${widget.id}`,
      "data-widget-id": widget.id,
      "data-type": widget.type,
      "data-state": "loading",
      "aria-busy": "true",
      "aria-labelledby": titleId,
    },
    h("header", { class: "gb-widget-head" }, h("h2", { class: "gb-widget-title", id: titleId }, title)),
    h("div", { class: "gb-chart" }),
    h(
      "div",
      { class: "gb-widget-status" },
      h("p", { class: "gb-widget-message", "aria-live": "polite" }, "Loading…"),
      h("button", { type: "button", class: "gb-widget-retry", hidden: true }, "Retry"),
    ),
  );
}

function addHandles(section) {
  section.setAttribute("tabindex", "0");
  section.setAttribute("aria-roledescription", "movable widget");
  for (const [edge, label] of EDGES) {
    section.append(h("span", { class: `gb-editor-handle gb-editor-handle-${edge}`, "data-edge": edge, title: label, "aria-hidden": "true" }));
  }
}

/** What a preview depends on besides the widget: the document's shared settings. */
function sharedKey(doc) {
  return JSON.stringify([doc.variables, doc.time_range, doc.timezone, doc.layout, doc.theme]);
}

/** The document the preview API checks: without `name`, which may still be unset. */
export function previewDocument(doc) {
  const copy = { ...doc };
  delete copy.name;
  return copy;
}

/** The problems that belong to widget number `index` (or every problem when none does). */
function problemsFor(problems, index) {
  const own = problems.filter((problem) => problem.startsWith(`widgets[${index}]`));
  return own.length ? own : problems;
}

export class Canvas {
  /** `hooks`: reportProblems(list | null) after each preview. */
  constructor(grid, api, hooks) {
    this.grid = grid;
    this.api = api;
    this.hooks = hooks;
    this.entries = new Map(); // widget id -> {section, widget, key}
    this.doc = null;
  }

  /** Make the canvas show `doc`; preview the widgets whose content changed. */
  sync(doc) {
    this.doc = doc;
    const layout = doc.layout === "freeform" ? "freeform" : "grid";
    this.grid.dataset.layout = layout;
    this.grid.classList.toggle("gb-layout-grid", layout === "grid");
    this.grid.classList.toggle("gb-layout-freeform", layout === "freeform");
    const ids = new Set(doc.widgets.map((widget) => widget.id));
    for (const [id, entry] of this.entries) {
      if (!ids.has(id)) {
        entry.widget.clear();
        entry.section.remove();
        this.entries.delete(id);
      }
    }
    const shared = sharedKey(doc);
    const changed = [];
    let previous = null;
    for (const widgetValue of doc.widgets) {
      const key = JSON.stringify({ ...widgetValue, position: null }) + shared;
      let entry = this.entries.get(widgetValue.id);
      if (!entry || entry.key !== key) {
        entry = this.build(widgetValue, key, entry);
        changed.push(entry.widget);
      }
      this.place(entry.section, boxOf(widgetValue));
      // Moving a node in the DOM takes its focus away: only move what is out of order.
      const wanted = previous ? previous.nextSibling : this.grid.firstChild;
      if (entry.section !== wanted) this.grid.insertBefore(entry.section, wanted);
      previous = entry.section;
    }
    placeWidgets(this.grid);
    if (changed.length) this.preview(changed);
  }

  build(widgetValue, key, old) {
    const section = widgetSection(widgetValue);
    addHandles(section);
    const widget = new Widget(section, {
      refresh: (chosen) => this.preview([chosen]),
      rendered: () => {},
    });
    if (old) {
      const selected = old.section.classList.contains("gb-selected");
      const focused = document.activeElement === old.section;
      old.widget.clear();
      old.section.replaceWith(section);
      section.classList.toggle("gb-selected", selected);
      if (focused) section.focus();
    }
    const entry = { section, widget, key };
    this.entries.set(widgetValue.id, entry);
    return entry;
  }

  place(section, box) {
    section.dataset.x = String(box.x);
    section.dataset.y = String(box.y);
    section.dataset.w = String(box.w);
    section.dataset.h = String(box.h);
  }

  /** Show `box` for widget `id` without changing the document (during a drag). */
  show(id, box) {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.place(entry.section, box);
    placeWidgets(this.grid);
  }

  section(id) {
    return this.entries.get(id)?.section || null;
  }

  /** Draw `widgets` from one preview request of the current document. */
  async preview(widgets) {
    const doc = this.doc;
    const tokens = widgets.map((widget) => widget.begin("preview", true));
    const answer = await this.api.preview(previewDocument(doc), widgets.map((widget) => widget.id));
    const outputs = answer.status === 200 && answer.body.ok && answer.body.widgets ? answer.body.widgets : null;
    const problems = outputs ? null : problemsOf(answer.body);
    if (doc === this.doc) this.hooks.reportProblems(problems);
    await Promise.all(
      widgets.map((widget, i) => {
        if (!widget.isCurrent(tokens[i])) return null;
        if (outputs) return widget.draw(outputs[widget.id], "preview", { force: true });
        const index = doc.widgets.findIndex((item) => item.id === widget.id);
        widget.fail(problemsFor(problems, index).join("; "), { code: answer.body.code || "preview_failed" });
        return null;
      }),
    );
  }
}
