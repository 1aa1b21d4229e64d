// The metrics explorer page (/explore): pick a metric, funnel or retention query, run it,
// see the chart and rows drawn exactly as a dashboard draws them, share the address (the
// query lives in ?q=…), and add the chart to a dashboard.

import { ApiError } from "./api-errors.js";
import { h } from "./dom.js";
import { EventCatalog, pageZones } from "./event-catalog.js";
import { showAlertLink } from "./explorer-alert.js";
import { ExplorerForm } from "./explorer-form.js";
import { defaultQuery, queryFromSearch, searchFor } from "./explorer-query.js";
import { chartWidget, queryProblems, Results } from "./explorer-results.js";
import { pageTimed, SaveForm } from "./explorer-save.js";

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** A title that says what the widget shows. */
export function titleOf(query) {
  if (query.type === "funnel") return `Funnel: ${(query.steps || []).map((step) => step.event).join(" → ")}`;
  if (query.type === "retention") return `Retention after ${query.start_event}`;
  const named = { count: "Count", unique_persons: "Unique persons" }[query.metric || "count"];
  const measure = named || `${query.metric} of ${query.property || "?"}`;
  return `${measure} · ${query.event || "all events"}`;
}

class Explorer {
  constructor(form) {
    this.element = form;
    const data = form.dataset;
    this.endpoints = {
      names: data.namesUrl,
      preview: data.previewUrl,
      query: data.queryUrl,
      dashboards: data.dashboardsUrl,
      browse: data.browseUrl,
    };
    this.errorBox = document.getElementById("gb-x-error");
    this.status = document.getElementById("gb-x-status");
    this.runButton = document.getElementById("gb-x-run");
    this.subject = null;
    this.catalog = new EventCatalog(this.endpoints.names);
    this.empty = document.getElementById("gb-x-empty");
    this.last = null;
    this.autoTitle = "";
    this.form = new ExplorerForm(form, (name) => this.loadProperties(name));
    this.results = new Results(document.getElementById("gb-x-results"), this.endpoints);
    this.save = new SaveForm(document.getElementById("gb-x-save"), this.endpoints, (title) =>
      this.last ? chartWidget(pageTimed(this.last.query), this.last.chart, { title: title || titleOf(this.last.query) }) : null,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run({ push: true });
    });
    window.addEventListener("popstate", () => this.restore());
  }

  async start() {
    this.form.setZones(pageZones());
    await this.loadNames();
    await this.restore();
  }

  /** Show the query of the address, and run it when there is one. */
  async restore() {
    const params = new URLSearchParams(window.location.search);
    const query = queryFromSearch(window.location.search);
    this.form.write(query || defaultQuery(browserZone()), params.get("chart"));
    if (query) await this.run({ push: false });
  }

  async loadNames() {
    try {
      const names = await this.catalog.eventNames();
      this.form.setNames(names.map((item) => item.name));
      this.empty.querySelector(".gb-x-empty-none").hidden = names.length > 0;
    } catch (error) {
      this.showError(new Error(`The event names could not be read: ${error.message}`));
    }
  }

  async loadProperties(name) {
    if (name === this.subject) return;
    this.subject = name;
    const properties = await this.catalog.propertiesOf(name || "");
    if (this.subject === name) this.form.setProperties(properties);
  }

  async run({ push }) {
    const query = this.form.read();
    const chart = this.form.chart();
    const search = searchFor(query) + (query.type === "metric" && chart === "bar" ? "&chart=bar" : "");
    if (push && search !== window.location.search) window.history.pushState(null, "", search);
    this.hideError();
    this.empty.hidden = true;
    this.status.textContent = "Running…";
    this.runButton.disabled = true;
    try {
      await this.results.run(query, chart);
      this.last = { query, chart };
      this.status.textContent = "";
      this.suggestTitle(titleOf(query));
      showAlertLink(document.getElementById("gb-x-alert"), query, titleOf(query));
      this.save.load();
    } catch (error) {
      this.last = null;
      this.status.textContent = "";
      this.showError(error);
    } finally {
      this.runButton.disabled = false;
    }
  }

  suggestTitle(title) {
    const input = document.getElementById("gb-x-title");
    if (input.value === "" || input.value === this.autoTitle) input.value = title;
    this.autoTitle = title;
  }

  showError(error) {
    const problems = error instanceof ApiError && error.serverErrors.length ? queryProblems(error.serverErrors) : [];
    const heading = problems.length ? "The server refused the query:" : error.message || String(error);
    this.errorBox.replaceChildren(
      h("p", {}, heading),
      problems.length ? h("ul", {}, problems.map((problem) => h("li", {}, problem))) : null,
    );
    this.errorBox.hidden = false;
  }

  hideError() {
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
  }
}

const form = document.getElementById("gb-explorer");
if (form) new Explorer(form).start();
