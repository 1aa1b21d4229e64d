// The dashboard editor page (templates/gaugeboard/editor.html). The document being edited
// lives in a History (undo/redo); every change redraws the canvas, the forms and the raw
// JSON from it, and dispatches gaugeboard:widget:added / :updated / :deleted on document
// (detail {widget: id}). Saving goes through the dashboard API (editor-save.js).

import { problemsOf } from "./api-errors.js";
import { emit, h } from "./dom.js";
import { EditorApi } from "./editor-api.js";
import { Canvas } from "./editor-canvas.js";
import { enableDrag } from "./editor-drag.js";
import { renderWidgetForm } from "./editor-form.js";
import { boxOf, clampBox, convertBox, defaultSize, firstFreeSpot, pitchOf } from "./editor-geometry.js";
import { History } from "./editor-history.js";
import { followsTitle, nameFromTitle } from "./editor-name.js";
import { RawJson } from "./editor-json.js";
import { Picker } from "./editor-picker.js";
import { Saver } from "./editor-save.js";

const $ = (selector) => document.querySelector(selector);

function storedDocument() {
  const parsed = JSON.parse($("#gb-editor-document").textContent);
  parsed.widgets = Array.isArray(parsed.widgets) ? parsed.widgets : [];
  return parsed;
}

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Widgets added, changed and removed between two documents, as events on document. */
function announce(previous, current) {
  const before = new Map(previous.widgets.map((widget) => [widget.id, JSON.stringify(widget)]));
  const after = new Map(current.widgets.map((widget) => [widget.id, JSON.stringify(widget)]));
  for (const [id, text] of after) {
    if (!before.has(id)) emit(document, "gaugeboard:widget:added", { widget: id });
    else if (before.get(id) !== text) emit(document, "gaugeboard:widget:updated", { widget: id });
  }
  for (const id of before.keys()) {
    if (!after.has(id)) emit(document, "gaugeboard:widget:deleted", { widget: id });
  }
}

class Editor {
  constructor() {
    this.grid = $(".gb-editor-canvas");
    this.api = new EditorApi(this.grid.dataset.apiUrl);
    this.state = { id: this.grid.dataset.dashboardId || null, version: Number(this.grid.dataset.version) || 0 };
    this.types = new Map();
    this.selected = null;
    this.lastReason = null;
    const initial = storedDocument();
    this.savedText = JSON.stringify(initial);
    this.history = new History(initial, (previous, current, reason) => this.changed(previous, current, reason));
    this.canvas = new Canvas(this.grid, this.api, { reportProblems: (problems) => this.previewProblems(problems) });
    this.picker = new Picker($(".gb-editor-picker"), this.api, {
      document: () => this.history.current,
      position: () => this.freeSpot(),
      add: (widget) => this.addWidget(widget),
    });
    this.raw = new RawJson($(".gb-editor-raw"), {
      document: () => this.history.current,
      check: (doc) => this.api.preview(doc.name ? doc : { ...doc, name: undefined }),
      replace: (doc) => this.history.apply(() => doc, "json"),
    });
    this.saver = new Saver(this.api, this.state, {
      document: () => this.history.current,
      note: () => $("#gb-editor-note").value.trim(),
      saved: (dashboard, doc) => this.saved(dashboard, doc),
      reload: (doc) => this.reload(doc),
      problems: (list, title) => this.showProblems(list, title),
      status: (text) => this.status(text),
      conflict: (text) => this.conflict(text),
    });
    this.wire();
  }

  get doc() {
    return this.history.current;
  }

  get dirty() {
    return JSON.stringify(this.doc) !== this.savedText;
  }

  wire() {
    enableDrag(this.grid, {
      layout: () => (this.doc.layout === "freeform" ? "freeform" : "grid"),
      box: (id) => boxOf(this.widget(id) || {}),
      show: (id, box) => this.canvas.show(id, box),
      commit: (id, box) => this.moveWidget(id, box),
      select: (id) => this.select(id),
    });
    this.grid.addEventListener("focusin", (event) => {
      const section = event.target.closest?.(".gb-widget");
      if (section && event.target === section) this.select(section.dataset.widgetId);
    });
    this.grid.addEventListener("keydown", (event) => {
      if ((event.key === "Delete" || event.key === "Backspace") && event.target.classList?.contains("gb-widget")) {
        event.preventDefault();
        this.removeWidget(event.target.dataset.widgetId);
      }
    });
    $(".gb-editor-undo").addEventListener("click", () => this.history.undo());
    $(".gb-editor-redo").addEventListener("click", () => this.history.redo());
    $(".gb-editor-save").addEventListener("click", () => this.saver.save());
    $(".gb-editor-reload").addEventListener("click", () => this.saver.reloadTheirs());
    $(".gb-editor-overwrite").addEventListener("click", () => this.saver.overwrite());
    document.addEventListener("keydown", (event) => this.shortcut(event));
    for (const control of document.querySelectorAll(".gb-editor-settings [data-field]")) {
      control.addEventListener("change", () => this.setField(control.dataset.field, control.value));
    }
    $(".gb-editor-add").addEventListener("toggle", (event) => {
      if (event.target.open) this.picker.opened();
    });
    window.addEventListener("beforeunload", (event) => {
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  async start() {
    this.changed(this.doc, this.doc, "start");
    const answer = await this.api.types();
    if (answer.status === 200 && Array.isArray(answer.body.types)) {
      for (const type of answer.body.types) this.types.set(type.type, type);
      this.picker.setTypes(answer.body.types);
      this.renderForm();
    } else {
      this.status(`The widget types could not be loaded: ${problemsOf(answer.body).join("; ")}`);
    }
  }

  shortcut(event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || typing(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) this.history.undo();
    else if ((key === "z" && event.shiftKey) || key === "y") this.history.redo();
    else return;
    event.preventDefault();
  }

  widget(id) {
    return this.doc.widgets.find((widget) => widget.id === id) || null;
  }

  /** Every change of the document ends here: redraw what depends on it. */
  changed(previous, current, reason) {
    this.canvas.sync(current);
    if (reason !== "start") announce(previous, current);
    if (this.selected && !current.widgets.some((widget) => widget.id === this.selected)) this.selected = null;
    this.markSelected();
    if (reason !== "form") this.renderForm();
    this.raw.refresh(reason === "undo" || reason === "redo" || reason === "reset");
    this.fillSettings(current);
    $(".gb-editor-undo").disabled = !this.history.canUndo;
    $(".gb-editor-redo").disabled = !this.history.canRedo;
    $(".gb-editor-empty").hidden = current.widgets.length > 0;
    this.markDirty();
  }

  fillSettings(doc) {
    for (const control of document.querySelectorAll(".gb-editor-settings [data-field]")) {
      const value = doc[control.dataset.field] ?? (control.dataset.field === "layout" ? "grid" : control.dataset.field === "theme" ? "auto" : "");
      if (document.activeElement !== control) control.value = String(value);
    }
  }

  setField(field, value) {
    const pitch = pitchOf(this.grid, "grid");
    this.history.apply((doc) => {
      const from = doc.layout === "freeform" ? "freeform" : "grid";
      if (field === "title" && !this.state.id && followsTitle(doc.name, doc.title)) doc.name = nameFromTitle(value);
      doc[field] = value;
      if (field === "layout" && value !== from) {
        for (const widget of doc.widgets) widget.position = convertBox(from, value, boxOf(widget), pitch);
      }
    }, "settings");
  }

  select(id) {
    if (this.selected === id) return;
    this.selected = id;
    this.markSelected();
    this.renderForm();
  }

  markSelected() {
    for (const section of this.grid.querySelectorAll(".gb-widget")) {
      const chosen = section.dataset.widgetId === this.selected;
      section.classList.toggle("gb-selected", chosen);
      section.setAttribute("aria-current", chosen ? "true" : "false");
    }
  }

  renderForm() {
    const widget = this.selected ? this.widget(this.selected) : null;
    renderWidgetForm($(".gb-editor-form"), widget, widget ? this.types.get(widget.type) || null : null, {
      update: (edit) => this.editWidget(widget.id, edit),
      remove: () => this.removeWidget(widget.id),
    });
  }

  editWidget(id, edit, reason = "form") {
    this.history.apply((doc) => {
      const widget = doc.widgets.find((item) => item.id === id);
      if (widget) edit(widget);
    }, reason);
  }

  moveWidget(id, box) {
    const layout = this.doc.layout === "freeform" ? "freeform" : "grid";
    this.editWidget(id, (widget) => {
      widget.position = { ...(widget.position || {}), ...clampBox(layout, box) };
    }, "move");
    // A move that changed nothing (a box the document already had) still shows the stored box.
    this.canvas.sync(this.doc);
  }

  freeSpot() {
    const layout = this.doc.layout === "freeform" ? "freeform" : "grid";
    return firstFreeSpot(layout, this.doc.widgets.map((widget) => boxOf(widget)), defaultSize(layout));
  }

  addWidget(widget) {
    const placed = { ...widget, position: this.freeSpot() };
    this.history.apply((doc) => {
      doc.widgets.push(placed);
    }, "add");
    this.select(placed.id);
    this.status(`Added ${placed.title || placed.id}.`);
  }

  removeWidget(id) {
    const widget = this.widget(id);
    if (!widget) return;
    this.history.apply((doc) => {
      doc.widgets = doc.widgets.filter((item) => item.id !== id);
    }, "delete");
    this.status(`Deleted ${widget.title || widget.id}. Undo brings it back.`);
  }

  saved(dashboard, doc) {
    this.savedText = JSON.stringify(doc);
    $("#gb-editor-note").value = "";
    this.markDirty();
    this.status(`Saved as version ${dashboard.version}.`);
    const editUrl = this.grid.dataset.editUrl.replace("__path__", dashboard.path);
    if (!this.state.id) {
      this.state.id = String(dashboard.id);
      window.location.assign(editUrl);
    } else if (editUrl !== window.location.pathname) {
      window.history.replaceState(null, "", editUrl);
    }
  }

  reload(doc) {
    this.savedText = JSON.stringify(doc);
    this.history.reset(doc);
    this.status("Loaded the version saved by someone else.");
  }

  markDirty() {
    $(".gb-editor-unsaved").hidden = !this.dirty;
  }

  status(text) {
    $(".gb-editor-status").textContent = text;
  }

  conflict(text) {
    const box = $(".gb-editor-conflict");
    box.hidden = text === null;
    $(".gb-editor-conflict-text").textContent = text || "";
  }

  showProblems(list, title = "") {
    const box = $(".gb-editor-problems");
    box.hidden = list.length === 0;
    box.querySelector(".gb-editor-problems-title").textContent = title;
    box.querySelector(".gb-editor-errors").replaceChildren(...list.map((problem) => h("li", {}, problem)));
  }

  previewProblems(problems) {
    this.showProblems(problems || [], problems ? "The preview found problems in the document:" : "");
  }
}

new Editor().start();
