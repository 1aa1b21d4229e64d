// The jobs page: every few seconds the runs still queued or running are read again from
// GET /api/job/{id} and their cells rewritten (text only), with the last-run cell of their
// schedule; it stops once none is left. The buttons are admin.js's (through the API).

import { errorBody, failed } from "./api-errors.js";
import { h } from "./dom.js";
import { sendJson } from "./http.js";
import { localizeTimes } from "./local-time.js";
import { durationText } from "./run-duration.js";

const POLL_MS = 2000;
const UNDER_WAY = new Set(["queued", "running"]);
const STATUS = document.getElementById("gb-admin-status");

function stateWord(run) {
  const word = h("span", { class: "gb-run-state", "data-state": run.state }, run.state.replace("_", " "));
  if (run.cancel_requested && UNDER_WAY.has(run.state)) {
    return [word, " ", h("span", { class: "gb-admin-none" }, "(cancelling)")];
  }
  return [word];
}

function when(value) {
  return h("time", { class: "gb-local-time", datetime: value }, value);
}

function duration(run) {
  if (run.state === "queued") return "waiting";
  if (run.state === "running") {
    const elapsed = Math.max(0, (Date.now() - Date.parse(run.started_at)) / 1000);
    return `running for ${durationText(elapsed)}`;
  }
  return durationText(run.duration_seconds);
}

function progress(run) {
  const { done, total, message } = run.progress;
  const parts = [];
  if (run.state === "running") {
    const bar = h("progress", { "aria-label": `Progress of run ${run.id}` });
    if (total) {
      bar.max = total;
      bar.value = done;
    }
    parts.push(bar);
  }
  const said = [total ? `${done} of ${total}` : "", message].filter(Boolean).join(" · ");
  if (said) parts.push(" ", h("span", { class: "gb-run-progress" }, said));
  return parts;
}

function fill(row, name, ...children) {
  const cell = row.querySelector(`[data-cell="${name}"]`);
  if (cell) cell.replaceChildren(...children);
  return cell;
}

/** Rewrite the row of `run` (and its schedule's last-run cell) from the API's answer. */
function redraw(row, run) {
  row.dataset.state = run.state;
  fill(row, "state", ...stateWord(run));
  const started = fill(row, "started", run.started_at ? when(run.started_at) : h("span", { class: "gb-admin-none" }, "not yet"));
  fill(row, "duration", duration(run));
  fill(row, "progress", ...progress(run));
  fill(row, "error", run.error);
  if (!UNDER_WAY.has(run.state) || run.cancel_requested) fill(row, "actions");
  localizeTimes(started);
  const last = document.querySelector(`td[data-last-run="${run.id}"]`);
  if (last) {
    const time = run.ended_at || run.started_at || run.queued_at;
    last.replaceChildren(...stateWord(run), " ", when(time));
    localizeTimes(last);
  }
}

function rowsUnderWay() {
  return Array.from(document.querySelectorAll("tr[data-run]")).filter((row) => UNDER_WAY.has(row.dataset.state));
}

async function refresh(row) {
  const answer = await sendJson(row.dataset.url, { timeoutMs: 10000 });
  if (failed(answer)) {
    STATUS.textContent = errorBody(answer).error;
    if (answer.status === 404) row.dataset.state = "";
    return;
  }
  redraw(row, answer.body.run);
}

async function tick() {
  const rows = rowsUnderWay();
  if (!rows.length) return;
  if (document.visibilityState !== "hidden") await Promise.all(rows.map(refresh));
  window.setTimeout(tick, POLL_MS);
}

window.setTimeout(tick, POLL_MS);
