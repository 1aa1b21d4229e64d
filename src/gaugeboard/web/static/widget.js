// One widget section of the dashboard page: its state (loading, rendered, error), its
// buttons, and drawing an output with the renderer of its kind.

import { emit, h } from "./dom.js";
import { RENDERERS } from "./widgets/index.js";

// Said next to the title of a widget drawn from estimated numbers (a metric result with
// "approximate": true): in words, the glyph only as a visual cue.
const APPROXIMATE_NOTE = "Unique persons estimated with HyperLogLog: typical error about 3%";

const MISSING = { ok: false, code: "missing", error: "The server sent no data for this widget." };

function refreshSeconds(value) {
  if (value === undefined || value === "") return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

// Each section's Widget, so a theme change redraws the charts on the page (only those still
// in the document; a detached section is forgotten with it).
const BY_SECTION = new WeakMap();
document.addEventListener("gb-themechange", () => {
  for (const section of document.querySelectorAll(".gb-widget")) BY_SECTION.get(section)?.redraw();
});

export class Widget {
  /** `hooks`: {refresh(widget, reason), submit(widget, values), rendered(widget, output)}. */
  constructor(section, hooks) {
    this.section = section;
    this.hooks = hooks;
    this.id = section.dataset.widgetId;
    this.title = section.querySelector(".gb-widget-title")?.textContent.trim() || this.id;
    this.refresh = refreshSeconds(section.dataset.refresh);
    this.target = section.querySelector(".gb-chart");
    this.message = section.querySelector(".gb-widget-message");
    this.retryButton = section.querySelector(".gb-widget-retry");
    this.form = section.querySelector("form.gb-widget-inputs");
    this.inputs = {};
    this.state = {}; // kept across redraws for the renderer (table sort, search, page)
    this.output = null;
    this.outputJson = null;
    this.drawn = false; // whether the target shows a drawing of `output`
    this.source = null; // the request URL `output` came from ("page" for the embedded one)
    this.cleanup = null;
    this.requestSeq = 0;
    this.drawSeq = 0;
    section.querySelector(".gb-widget-refresh")?.addEventListener("click", () => hooks.refresh(this, "manual"));
    this.retryButton?.addEventListener("click", () => hooks.refresh(this, "retry"));
    BY_SECTION.set(section, this);
  }

  /** A request for this widget starts; returns its token (see isCurrent). */
  begin(reason, visible) {
    this.requestSeq += 1;
    this.section.setAttribute("aria-busy", "true");
    if (visible) this.setState("loading", "Loading…");
    emit(this.section, "gaugeboard:widget:refresh", { id: this.id, reason });
    return this.requestSeq;
  }

  /** Whether the request with `token` is still the latest one for this widget. */
  isCurrent(token) {
    return token === this.requestSeq;
  }

  setState(state, message) {
    this.section.dataset.state = state;
    if (state !== "loading") this.section.setAttribute("aria-busy", "false");
    if (this.message) this.message.textContent = message;
    if (this.retryButton) this.retryButton.hidden = state !== "error";
  }

  /** Back to what `output` says after an answer that changed nothing (304, same data). */
  settle(source) {
    if (source !== undefined) this.source = source;
    if (this.output && this.output.ok === false) this.setState("error", this.output.error || "This widget could not be drawn.");
    else if (this.drawn) this.setState("rendered", "");
    else this.setState("error", "This widget could not be drawn.");
  }

  /** Show an error; `keep` leaves the last drawing on screen (a refresh that failed). */
  fail(message, { code = "error", keep = false } = {}) {
    if (!keep || !this.drawn) this.clear();
    const text = keep && this.drawn ? `Could not refresh: ${message}` : message;
    this.setState("error", text);
    emit(this.section, "gaugeboard:widget:error", { id: this.id, code, error: message });
  }

  clear() {
    this.drawSeq += 1;
    if (typeof this.cleanup === "function") {
      try {
        this.cleanup();
      } catch {
        // A chart that cannot be finalised is dropped anyway.
      }
    }
    this.cleanup = null;
    this.drawn = false;
    this.target.replaceChildren();
    this.section.removeAttribute("data-kind");
    this.section.querySelector(":scope > .gb-widget-notes")?.remove();
    this.section.querySelector(".gb-widget-approximate")?.remove();
  }

  /** Label the widget "approximate" beside its title when its numbers are estimates. */
  markApproximate(output) {
    if (output.approximate !== true) return;
    const head = this.section.querySelector(".gb-widget-head");
    if (!head) return;
    const mark = h("span", { class: "gb-widget-approximate", title: APPROXIMATE_NOTE }, h("span", { "aria-hidden": "true" }, "≈ "), "approximate");
    const title = head.querySelector(".gb-widget-title");
    if (title) title.after(mark);
    else head.prepend(mark);
  }

  /** What the server changed or left out reading the payload (a jsondash C3 or DataTables
   * configuration, an old Vega-Lite spec), folded under the drawing. */
  showNotes(notes) {
    if (!Array.isArray(notes) || notes.length === 0) return;
    const label = notes.length === 1 ? "1 note" : `${notes.length} notes`;
    const list = h("ul", {}, notes.map((note) => h("li", {}, String(note))));
    this.target.after(h("details", { class: "gb-widget-notes" }, [h("summary", {}, label), list]));
  }

  /** Draw `output` (from request `source`); an unchanged output is not redrawn unless `force`. */
  async draw(output, source, { force = false } = {}) {
    const value = output && typeof output === "object" ? output : MISSING;
    const json = JSON.stringify(value);
    if (!force && json === this.outputJson && (this.drawn || value.ok === false)) {
      this.settle(source);
      return;
    }
    this.output = value;
    this.outputJson = json;
    this.source = source;
    if (value.ok !== true) {
      this.fail(typeof value.error === "string" && value.error ? value.error : "This widget could not be drawn.", {
        code: value.code || "error",
      });
      return;
    }
    const render = RENDERERS.get(value.kind);
    if (!render) {
      this.fail(`This page cannot draw widgets of kind ${JSON.stringify(String(value.kind))}.`, { code: "unknown_kind" });
      return;
    }
    await this.paint(render, value);
  }

  /** Draw the current output again (its box changed size); only what draws to a size. */
  redraw() {
    const output = this.output;
    const sized = output?.kind === "vega-lite" || output?.sparkline || (output?.kind === "vega" && output.size);
    if (!this.drawn || !sized) return Promise.resolve();
    return this.draw(output, this.source, { force: true });
  }

  async paint(render, output) {
    this.clear();
    const mine = this.drawSeq;
    // Each drawing gets its own canvas, so a slow, superseded drawing lands in a detached node.
    const canvas = h("div", { class: "gb-canvas" });
    this.target.append(canvas);
    this.section.dataset.kind = output.kind;
    const context = {
      id: this.id,
      title: this.title,
      state: this.state,
      fail: (message) => {
        if (mine === this.drawSeq) this.fail(message, { code: "load_failed" });
      },
    };
    let cleanup = null;
    try {
      cleanup = await render(canvas, output, context);
    } catch (error) {
      if (mine === this.drawSeq) this.fail(`This widget could not be drawn: ${error?.message || error}`, { code: "render_failed" });
      return;
    }
    if (mine !== this.drawSeq) {
      if (typeof cleanup === "function") cleanup();
      return;
    }
    this.cleanup = cleanup;
    this.drawn = true;
    this.showNotes(output.notes);
    this.markApproximate(output);
    this.setState("rendered", "");
    emit(this.section, "gaugeboard:widget:rendered", { id: this.id, kind: output.kind, output });
    this.hooks.rendered(this, output);
  }
}
