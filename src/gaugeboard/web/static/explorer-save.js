// "Add to a dashboard": pick a dashboard and a title; the widget is appended below the
// lowest widget and saved with If-Match on the version read, so nobody's edit is
// overwritten (on a conflict it reads the newer document and tries once more).

import { ApiError } from "./api-errors.js";
import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";

const GRID_SIZE = { w: 6, h: 4 };
const FREEFORM_SIZE = { w: 480, h: 320 };
const FREEFORM_GAP = 16;
const MAX_PAGES = 20;

/** The query as a dashboard widget keeps it: without its range and time zone, so the
 * dashboard's time range picker and zone apply to it like to the dashboard's own widgets. */
export function pageTimed(query) {
  const { range: _range, timezone: _timezone, ...rest } = query;
  return rest;
}

/** A widget id the document does not use yet: `prefix-1`, `prefix-2`, … */
export function freshId(widgets, prefix = "explore") {
  const taken = new Set(widgets.map((widget) => widget?.id));
  for (let n = 1; ; n += 1) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Append `widget` to the dashboard at `url` (its API address) below the lowest widget,
 * with a fresh `prefix-N` id, saved with If-Match on the version read; on a conflict it
 * reads the newer document and tries once more. Resolves to the saved dashboard.
 */
export async function appendWidget(url, widget, prefix) {
  for (let attempt = 0; ; attempt += 1) {
    const { body } = await requestJson(url);
    const document = body.document;
    const widgets = Array.isArray(document.widgets) ? document.widgets : [];
    const added = { ...widget, id: freshId(widgets, prefix), position: placement(document, widgets) };
    try {
      const answer = await requestJson(url, {
        method: "PUT",
        body: { ...document, widgets: [...widgets, added] },
        headers: { "If-Match": `"v${body.dashboard.version}"` },
      });
      return answer.body.dashboard;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409 || attempt > 0) throw error;
    }
  }
}

/** Where a new widget goes: x 0, just below the lowest widget. */
export function placement(document, widgets) {
  const bottom = Math.max(0, ...widgets.map((widget) => (Number(widget?.position?.y) || 0) + (Number(widget?.position?.h) || 4)));
  if (document.layout === "freeform") {
    return { x: 0, y: widgets.length ? bottom + FREEFORM_GAP : 0, ...FREEFORM_SIZE };
  }
  return { x: 0, y: bottom, ...GRID_SIZE };
}

function refusal(error, title) {
  if (!(error instanceof ApiError)) return String(error?.message || error);
  if (error.status === 403) return `You may not edit “${title}”: pick a dashboard you can edit.`;
  if (error.status === 404) return `“${title}” no longer exists (deleted, or you can no longer see it): pick another.`;
  if (error.status === 409) return `“${title}” was changed by someone else twice while saving: try again.`;
  return error.errors.length ? error.errors.join("; ") : error.message;
}

export class SaveForm {
  /** `widget(title)` gives the widget to add (without id and position), or null. */
  constructor(form, endpoints, widget) {
    this.form = form;
    this.endpoints = endpoints;
    this.widget = widget;
    this.select = form.querySelector("#gb-x-dashboard");
    this.title = form.querySelector("#gb-x-title");
    this.status = form.querySelector("#gb-x-save-status");
    this.loaded = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  say(...parts) {
    this.status.replaceChildren(...parts);
  }

  /** Fill the dashboard picker (once), every page of the listing. */
  async load() {
    if (this.loaded) return;
    this.loaded = true;
    const items = [];
    try {
      for (let page = 1; page && page <= MAX_PAGES; ) {
        const url = `${this.endpoints.dashboards}?recursive=1&limit=500&page=${page}`;
        const { body } = await requestJson(url);
        items.push(...body.items);
        page = body.next;
      }
    } catch (error) {
      this.loaded = false;
      this.select.replaceChildren(h("option", { value: "" }, "—"));
      this.say(`The dashboards could not be listed: ${error.message}`);
      return;
    }
    const options = items.map((item) => h("option", { value: item.id }, `${item.title} (${item.path})`));
    if (!options.length) options.push(h("option", { value: "" }, "No dashboards yet"));
    this.select.replaceChildren(...options);
  }

  async add() {
    const option = this.select.selectedOptions[0];
    if (!this.select.value || !option) {
      this.say("Pick a dashboard first.");
      return;
    }
    const widget = this.widget(this.title.value.trim());
    if (!widget) {
      this.say("Run a query first.");
      return;
    }
    const name = option.textContent;
    this.say("Saving…");
    try {
      const saved = await this.save(this.select.value, widget);
      const link = h("a", { href: `${this.endpoints.browse}${saved.path}`, class: "gb-x-saved-link" }, saved.title);
      this.say("Added to ", link, ".");
    } catch (error) {
      this.say(refusal(error, name));
    }
  }

  save(id, widget) {
    return appendWidget(`${this.endpoints.dashboards}/${encodeURIComponent(id)}`, widget);
  }
}
