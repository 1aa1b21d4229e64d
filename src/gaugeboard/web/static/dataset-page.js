// The data set page: Restore (after a confirmation), "Rebuild now" (after one too), the
// latest runs under way read again from GET /api/job/{id} until they end, and "Add to a
// dashboard". Every change goes through the JSON API; after one the page is drawn again
// by the server, with a line saying what happened. Server data becomes text only.

import { ApiError, errorBody, failed } from "./api-errors.js";
import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";
import { nameFromTitle } from "./editor-name.js";
import { appendWidget, freshId, placement } from "./explorer-save.js";
import { sendJson } from "./http.js";
import { localizeTimes } from "./local-time.js";
import { durationText } from "./run-duration.js";
import { confirmDialog } from "./confirm-dialog.js";

const STATUS = document.getElementById("gb-ds-status");
const DONE_KEY = "gaugeboard-dataset-done";
const POLL_MS = 2000;
const UNDER_WAY = new Set(["queued", "running"]);
const MAX_DASHBOARD_PAGES = 20;
const NEW_DASHBOARD = "__new__";
const ROW_LIMIT = 1000;

function say(message) {
  STATUS.textContent = message;
}

function problems(error) {
  return error instanceof ApiError && error.errors.length ? error.errors.join("; ") : String(error?.message || error);
}

/** Draw the page again from the server, then say `message`. */
function reloadWith(message, url = window.location.href) {
  sessionStorage.setItem(DONE_KEY, message);
  window.location.assign(url);
}

// ---- restore

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-api]");
  if (!button) return;
  if (button.dataset.confirm && !(await confirmDialog(button.dataset.confirm, { action: button.textContent.trim() || "Confirm" }))) return;
  button.setAttribute("aria-busy", "true");
  try {
    await requestJson(button.dataset.api, { method: button.dataset.method || "POST" });
    reloadWith(button.dataset.done || "Done.", window.location.pathname);
  } catch (error) {
    say(problems(error));
  } finally {
    button.removeAttribute("aria-busy");
  }
});

// ---- rebuild now

const rebuild = document.getElementById("gb-ds-rebuild");
if (rebuild) {
  rebuild.addEventListener("submit", async (event) => {
    event.preventDefault();
    const option = rebuild.querySelector("select").selectedOptions[0];
    if (!option) return;
    const question = `Rebuild ${rebuild.dataset.dataset} now (${option.textContent})? Its rows change; the version before stays readable.`;
    if (!(await confirmDialog(question, { action: "Rebuild" }))) return;
    rebuild.setAttribute("aria-busy", "true");
    try {
      const { body } = await requestJson(option.dataset.url, { method: "POST" });
      reloadWith(`Rebuild queued (run #${body.run_id}).`);
    } catch (error) {
      say(problems(error));
    } finally {
      rebuild.removeAttribute("aria-busy");
    }
  });
}

// ---- runs under way

function fill(row, name, ...children) {
  const cell = row.querySelector(`[data-cell="${name}"]`);
  if (cell) cell.replaceChildren(...children);
  return cell;
}

function when(value) {
  return value ? h("time", { class: "gb-local-time", datetime: value }, value) : h("span", { class: "gb-muted" }, "never");
}

function redraw(row, run) {
  row.dataset.state = run.state;
  fill(row, "state", h("span", { class: "gb-run-state", "data-state": run.state }, run.state.replace("_", " ")));
  localizeTimes(fill(row, "started", when(run.started_at)));
  let duration = durationText(run.duration_seconds);
  if (run.state === "queued") duration = "waiting";
  if (run.state === "running") duration = `running for ${durationText(Math.max(0, (Date.now() - Date.parse(run.started_at)) / 1000))}`;
  fill(row, "duration", duration);
  const result = fill(row, "result", run.error || "");
  if (result && run.error) result.classList.add("gb-run-error");
}

async function watch(row) {
  const answer = await sendJson(row.dataset.url, { timeoutMs: 10000 });
  if (failed(answer)) {
    say(errorBody(answer).error);
    row.dataset.state = "";
    return;
  }
  const run = answer.body.run;
  redraw(row, run);
  if (run.state === "succeeded") reloadWith(`Rebuild #${run.id} succeeded: version ${run.result.version}.`);
  else if (!UNDER_WAY.has(run.state)) say(`Rebuild #${run.id} ${run.state.replace("_", " ")}: ${run.error}`);
}

async function tick() {
  const rows = Array.from(document.querySelectorAll("tr[data-run][data-url]")).filter((row) => UNDER_WAY.has(row.dataset.state));
  if (!rows.length) return;
  if (document.visibilityState !== "hidden") await Promise.all(rows.map(watch));
  window.setTimeout(tick, POLL_MS);
}

window.setTimeout(tick, POLL_MS);

// ---- add to a dashboard

/** The `measure` picker's value ("count", or "sum:amount") as a data set measure. */
export function measureOf(value) {
  if (value === "count") return { aggregate: "count", name: "count" };
  const [aggregate, ...rest] = value.split(":");
  const column = rest.join(":");
  return { aggregate, column, name: `${aggregate}_${column}`.slice(0, 64) };
}

/** The widget the form asks for, or a string saying what is missing. */
export function datasetWidget(dataset, { kind, group, measure, title }) {
  const chart = kind !== "table";
  if (chart && !group) return "A chart needs a column to group by.";
  const query = { limit: ROW_LIMIT };
  const measured = measureOf(measure);
  if (group) {
    query.group_by = [group];
    query.measures = [measured];
    query.sort = [{ column: group }];
  } else if (measure !== "count") {
    query.measures = [measured];
  }
  const widget = { type: kind, title: title || dataset, source: { type: "dataset", dataset, query } };
  if (chart) widget.options = { x: group, y: [measured.name] };
  return widget;
}

/** A dashboard name made of a title (the editor's rule), or a fixed one for a title of
 * no letter or digit. */
export function nameOf(title) {
  return nameFromTitle(title) || "data-set-widgets";
}

class AddForm {
  constructor(form) {
    this.form = form;
    this.dataset = form.dataset.dataset;
    this.dashboards = form.dataset.dashboardsUrl;
    this.browse = form.dataset.browseUrl;
    this.select = form.querySelector("#gb-ds-dashboard");
    this.newBoard = form.querySelector("#gb-ds-new-board");
    this.newTitle = form.querySelector("#gb-ds-new-title");
    this.status = form.querySelector("#gb-ds-add-status");
    this.select.addEventListener("change", () => {
      this.newBoard.hidden = this.select.value !== NEW_DASHBOARD;
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  say(...parts) {
    this.status.replaceChildren(...parts);
  }

  async load() {
    const items = [];
    try {
      for (let page = 1; page && page <= MAX_DASHBOARD_PAGES; ) {
        const { body } = await requestJson(`${this.dashboards}?recursive=1&limit=500&page=${page}`);
        items.push(...body.items);
        page = body.next;
      }
    } catch (error) {
      this.say(`The dashboards could not be listed: ${problems(error)}`);
    }
    const options = [h("option", { value: NEW_DASHBOARD }, "A new dashboard…")];
    options.push(...items.map((item) => h("option", { value: item.id }, `${item.title} (${item.path})`)));
    this.select.replaceChildren(...options);
    this.select.value = items.length ? String(items[0].id) : NEW_DASHBOARD;
    this.newBoard.hidden = this.select.value !== NEW_DASHBOARD;
  }

  asked() {
    const value = (id) => this.form.querySelector(id).value;
    return { kind: value("#gb-ds-kind"), group: value("#gb-ds-group"), measure: value("#gb-ds-measure"), title: value("#gb-ds-title").trim() };
  }

  async add() {
    const widget = datasetWidget(this.dataset, this.asked());
    if (typeof widget === "string") {
      this.say(widget);
      return;
    }
    const creating = this.select.value === NEW_DASHBOARD;
    if (creating && !this.newTitle.value.trim()) {
      this.say("Give the new dashboard a title.");
      this.newTitle.focus();
      return;
    }
    this.say("Saving…");
    try {
      const saved = creating ? await this.create(this.newTitle.value.trim(), widget) : await this.append(this.select.value, widget);
      this.say("Added to ", h("a", { href: `${this.browse}${saved.path}`, class: "gb-ds-saved-link" }, saved.title), ".");
    } catch (error) {
      this.say(problems(error));
    }
  }

  async create(title, widget) {
    const document = { name: nameOf(title), title, widgets: [{ ...widget, id: freshId([], "dataset"), position: placement({}, []) }] };
    const { body } = await requestJson(this.dashboards, { method: "POST", body: document });
    return body.dashboard;
  }

  /** Append below the lowest widget, saved with If-Match (one retry on a conflict). */
  append(id, widget) {
    return appendWidget(`${this.dashboards}/${encodeURIComponent(id)}`, widget, "dataset");
  }
}

const addForm = document.getElementById("gb-ds-add");
if (addForm) new AddForm(addForm).load();

const done = sessionStorage.getItem(DONE_KEY);
if (done) {
  sessionStorage.removeItem(DONE_KEY);
  say(done);
}
