// The dashboard page. Widgets are drawn at once from the outputs the server embedded in
// #gb-specs (no extra request), then refreshed through the batch data endpoint: by their
// refresh buttons, Retry, their inputs forms, and on the widget's or the dashboard's timer.
// The time range and variables controls reload every widget and keep their values in the
// address; each widget can go full screen and offers its data and chart as downloads.
// Events: gaugeboard:init on document; gaugeboard:widget:refresh / :rendered / :error on
// each widget section (they bubble). window.gaugeboard.registerCallback(id, fn) runs fn
// after that widget is drawn. Server data reaches the DOM as text only.

import { listCallbacks, registerCallback, runCallbacks } from "./callbacks.js";
import { filtersFrom, setUpControls } from "./dashboard-controls.js";
import { DashboardData } from "./dashboard-data.js";
import { placeWidgets } from "./dashboard-layout.js";
import { emit, h } from "./dom.js";
import { RefreshSchedule } from "./refresh-schedule.js";
import { Widget } from "./widget.js";
import { setUpAlertLink } from "./widget-alert.js";
import { setUpDownloads } from "./widget-download.js";
import { setUpFullscreen } from "./widget-fullscreen.js";
import { setUpInputs } from "./widget-inputs.js";

function embeddedOutputs() {
  const element = document.getElementById("gb-specs");
  try {
    const parsed = element ? JSON.parse(element.textContent) : {};
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

class Dashboard {
  constructor(grid) {
    this.grid = grid;
    this.id = grid.dataset.dashboardId;
    this.version = Number(grid.dataset.version);
    this.data = new DashboardData(grid.dataset.dataUrl);
    // The server drew the page with the address's range and variables; refreshes keep them.
    // An embed's filters are locked by its token instead.
    if (!document.body.classList.contains("gb-embed")) this.data.filters = filtersFrom(window.location.search);
    this.notice = document.querySelector(".gb-dashboard-notice");
    const hooks = {
      refresh: (widget, reason) => this.load([widget], { reason }),
      rendered: (widget, output) => runCallbacks(widget.id, widget.section, output),
    };
    this.widgets = [...grid.querySelectorAll(".gb-widget")].map((section) => new Widget(section, hooks));
    for (const widget of this.widgets) {
      setUpInputs(widget.form, (values) => {
        widget.inputs = values;
        this.load([widget], { reason: "inputs" });
      });
      setUpFullscreen(widget, () => widget.redraw());
      setUpDownloads(widget, grid.dataset.dashboard || this.id);
      setUpAlertLink(widget);
    }
    setUpControls(document.querySelector("form.gb-controls"), (filters) => this.applyFilters(filters));
  }

  /**
   * Reload every widget with new filters ([key, value] pairs); resolves to null or the
   * server's error message. Filters the server refused are not kept for the timers.
   */
  async applyFilters(filters) {
    const previous = this.data.filters;
    this.data.filters = filters;
    const error = await this.load(this.widgets, { reason: "filters" });
    if (!error) return null;
    if (error.status === 400) this.data.filters = previous;
    return error.message;
  }

  /** Draw every widget from the outputs embedded in the page. */
  drawEmbedded() {
    const outputs = embeddedOutputs();
    return Promise.all(this.widgets.map((widget) => widget.draw(outputs[widget.id], "page")));
  }

  /** Start the timers: widgets with their own refresh, the rest on the dashboard's. */
  schedule() {
    const schedule = new RefreshSchedule();
    const dashboardSeconds = Number(this.grid.dataset.refresh) || 0;
    const followers = this.widgets.filter((widget) => widget.refresh === null);
    if (dashboardSeconds > 0 && followers.length > 0) {
      schedule.every(dashboardSeconds, () => this.load(followers, { reason: "auto", conditional: true, visible: false }));
    }
    for (const widget of this.widgets) {
      if (widget.refresh) {
        schedule.every(widget.refresh, () => this.load([widget], { reason: "auto", conditional: true, visible: false }));
      }
    }
  }

  /**
   * Fetch `widgets` in one request and draw what came back. `conditional` sends the
   * ETag of the same request when every widget shows that request's data (a 304 then
   * changes nothing); `visible` shows the loading state instead of only aria-busy.
   * Resolves to the ApiError when the request failed, else null.
   */
  async load(widgets, { reason, conditional = false, visible = true }) {
    const tokens = widgets.map((widget) => widget.begin(reason, visible));
    const inputs = {};
    for (const widget of widgets) {
      if (Object.keys(widget.inputs).length > 0) inputs[widget.id] = widget.inputs;
    }
    const url = this.data.urlFor(widgets.map((widget) => widget.id), inputs);
    const sameSource = widgets.every((widget) => widget.source === url);
    let answer;
    try {
      answer = await this.data.get(url, { conditional: conditional && sameSource });
    } catch (error) {
      widgets.forEach((widget, i) => {
        if (widget.isCurrent(tokens[i])) widget.fail(error.message, { code: error.code, keep: true });
      });
      return error;
    }
    if (!answer.notModified) this.checkVersion(answer.body.version);
    await Promise.all(
      widgets.map((widget, i) => {
        if (!widget.isCurrent(tokens[i])) return null;
        if (answer.notModified) return widget.settle(url);
        // Timers redraw only what changed; a person asking for data sees it drawn again.
        return widget.draw(answer.body.widgets[widget.id], url, { force: reason !== "auto" });
      }),
    );
    return null;
  }

  /** Say so when the dashboard was edited after this page was loaded. */
  checkVersion(version) {
    if (!this.notice || !Number.isFinite(version) || version === this.version || !this.notice.hidden) return;
    const reload = h("button", { type: "button" }, "Reload");
    reload.addEventListener("click", () => window.location.reload());
    this.notice.replaceChildren("This dashboard was changed after the page was loaded. ", reload);
    this.notice.hidden = false;
  }

  /** The public API on window.gaugeboard. */
  api() {
    return Object.freeze({
      registerCallback,
      listCallbacks,
      /** Refetch one widget (or all, without an id); resolves when it is drawn. */
      refresh: (widgetId) => {
        const chosen = this.widgets.filter((widget) => widgetId === undefined || widget.id === String(widgetId));
        return chosen.length ? this.load(chosen, { reason: "api" }).then(() => undefined) : Promise.resolve();
      },
    });
  }
}

function start() {
  const grid = document.querySelector(".gb-grid[data-dashboard-id]");
  if (!grid) return;
  placeWidgets(grid);
  const dashboard = new Dashboard(grid);
  window.gaugeboard = dashboard.api();
  emit(document, "gaugeboard:init", { dashboard: dashboard.id, widgets: dashboard.widgets.map((widget) => widget.id) });
  dashboard.drawEmbedded();
  dashboard.schedule();
}

start();
