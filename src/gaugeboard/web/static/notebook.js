// A notebook dashboard page. Each shown cell is a widget section drawn from the outputs
// the server embedded in #gb-specs, with the renderers of dashboard widgets; a grid
// notebook is placed like a grid dashboard, a report flows one cell per row. When the
// notebook declares parameters, the form runs it with the viewer's values
// (POST /api/notebook/{id}/run), follows the run, and draws its outputs in place.
// Events: gaugeboard:init on document; gaugeboard:widget:rendered / :error on each cell;
// gaugeboard:notebook:ran on the form once a run's outputs are drawn.

import { emit } from "./dom.js";
import { placeWidgets } from "./dashboard-layout.js";
import { Widget } from "./widget.js";
import { sendJson } from "./http.js";
import { errorBody, failed, problemsOf } from "./api-errors.js";

const POLL_MS = 500;
const POLL_LIMIT_MS = 15 * 60 * 1000;
const DONE = new Set(["succeeded", "failed", "cancelled", "timed_out", "lost"]);
// Cells are drawn once: there is nothing to refresh (a new version is a new page).
const HOOKS = { refresh: () => null, rendered: () => null };

function embeddedOutputs() {
  const element = document.getElementById("gb-specs");
  try {
    const parsed = element ? JSON.parse(element.textContent) : {};
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

function drawAll(grid, outputs, source) {
  if (grid.dataset.layout === "grid") placeWidgets(grid);
  const widgets = [...grid.querySelectorAll(".gb-widget")].map((section) => new Widget(section, HOOKS));
  return { widgets, drawn: Promise.all(widgets.map((widget) => widget.draw(outputs[widget.id], source))) };
}

/** A cell's section, as the page template writes it. */
function sectionFor(box) {
  const section = document.createElement("section");
  section.className = `gb-widget gb-cell gb-cell-${box.cell_type}`;
  section.id = box.id;
  section.dataset.widgetId = box.id;
  section.dataset.cellIndex = String(box.index);
  section.dataset.state = "loading";
  section.setAttribute("aria-busy", "true");
  for (const key of ["x", "y", "w", "h"]) section.dataset[key] = String(box[key]);
  section.setAttribute("aria-label", `Cell ${box.index + 1}`);
  const chart = document.createElement("div");
  chart.className = "gb-chart";
  const status = document.createElement("div");
  status.className = "gb-widget-status";
  const message = document.createElement("p");
  message.className = "gb-widget-message";
  message.setAttribute("aria-live", "polite");
  message.textContent = "Loading…";
  status.append(message);
  section.append(chart, status);
  return section;
}

function gridOf(form) {
  let grid = document.querySelector(".gb-grid[data-notebook-id]");
  if (!grid) {
    grid = document.createElement("div");
    grid.dataset.notebookId = "run";
    document.querySelector(".gb-empty")?.remove();
    form.after(grid);
  }
  return grid;
}

async function drawRun(form, run) {
  const grid = gridOf(form);
  grid.className = `gb-grid gb-layout-${run.layout} gb-theme-auto gb-notebook`;
  grid.dataset.layout = run.layout;
  grid.replaceChildren(...run.widgets.map(sectionFor));
  await drawAll(grid, run.outputs || {}, "run").drawn;
}

function itemValue(kind, text) {
  if (kind === "str") return text;
  if (kind === "bool") return text === "true" ? true : text === "false" ? false : text;
  const number = Number(text);
  return text.trim() === "" || Number.isNaN(number) ? text : number;
}

/** The form's values, typed as the parameters' defaults (the server checks them). */
function formValues(form) {
  const values = {};
  for (const input of form.querySelectorAll("input[data-type]")) {
    const kind = input.dataset.type;
    if (kind === "bool") values[input.name] = input.checked;
    else if (kind.startsWith("list[")) {
      const itemKind = kind.slice(5, -1);
      values[input.name] = input.value.split(",").map((part) => part.trim()).filter(Boolean).map((part) => itemValue(itemKind, part));
    } else values[input.name] = itemValue(kind, input.value);
  }
  return values;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function followRun(url) {
  const started = Date.now();
  for (;;) {
    const answer = await sendJson(url);
    if (failed(answer)) throw new Error(errorBody(answer).error);
    if (DONE.has(answer.body.state)) return answer.body;
    if (Date.now() - started > POLL_LIMIT_MS) throw new Error("The run is taking too long; reload the page later.");
    await sleep(POLL_MS);
  }
}

async function runWithValues(form) {
  const status = form.querySelector(".gb-parameters-status");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  status.textContent = "Running…";
  form.dataset.state = "running";
  try {
    const answer = await sendJson(form.dataset.runUrl, { method: "POST", body: { parameters: formValues(form) } });
    if (failed(answer)) throw new Error(problemsOf(errorBody(answer)).join("; "));
    const run = await followRun(answer.body.url);
    if (run.state !== "succeeded") throw new Error(`The run ${run.state.replace("_", " ")}: ${run.error}`);
    await drawRun(form, run);
    status.textContent = answer.body.cached ? "Ran recently with these values." : "Done.";
    form.dataset.state = "done";
    emit(form, "gaugeboard:notebook:ran", { run: run.run_id });
  } catch (error) {
    status.textContent = error.message;
    form.dataset.state = "failed";
  } finally {
    button.disabled = false;
  }
}

function start() {
  const form = document.getElementById("gb-notebook-parameters");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      runWithValues(form);
    });
  }
  const grid = document.querySelector(".gb-grid[data-notebook-id]");
  if (!grid) return;
  const { widgets, drawn } = drawAll(grid, embeddedOutputs(), "page");
  emit(document, "gaugeboard:init", { notebook: grid.dataset.notebookId, widgets: widgets.map((widget) => widget.id) });
  return drawn;
}

start();
