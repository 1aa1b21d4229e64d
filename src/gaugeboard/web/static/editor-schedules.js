// The editor's "Refresh and schedules" section: the dashboard.refresh schedules of this
// dashboard with their last run, "Refresh now", adding a schedule, pausing, resuming and
// deleting one. Every call goes through http.js; failures are read by api-errors.js.

import { sendJson } from "./http.js";
import { errorBody, failed } from "./api-errors.js";
import { confirmDialog } from "./confirm-dialog.js";

const JOB_TYPE = "dashboard.refresh";
const section = document.querySelector(".gb-editor-schedules");

function say(text) {
  section.querySelector(".gb-schedules-status").textContent = text;
}

function lastRunText(run) {
  if (!run) return "not run yet";
  const when = run.ended_at || run.started_at || run.queued_at || "";
  const error = run.error ? ` (${run.error})` : "";
  return `last run ${run.state.replace("_", " ")} ${when}${error}`;
}

function timingText(schedule) {
  if (schedule.cron) return `${schedule.cron} (${schedule.timezone})`;
  return `every ${schedule.every_seconds} s`;
}

function button(label, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

async function call(url, method, body) {
  const answer = await sendJson(url, { method, body });
  if (failed(answer)) {
    say(errorBody(answer).error);
    return null;
  }
  return answer.body;
}

function scheduleItem(schedule) {
  const item = document.createElement("li");
  const text = document.createElement("span");
  const state = schedule.paused ? "paused" : `next ${schedule.next_run || "—"}`;
  text.textContent = `${schedule.name}: ${timingText(schedule)}, ${state}, ${lastRunText(schedule.last_run)}`;
  item.append(text);
  const base = `${section.dataset.scheduleUrl}/${schedule.id}`;
  const pause = schedule.paused ? "resume" : "pause";
  item.append(
    button(schedule.paused ? "Resume" : "Pause", async () => {
      if (await call(`${base}/${pause}`, "POST")) await load(`Schedule ${pause}d.`);
    }),
    button("Delete", async () => {
      if (!(await confirmDialog(`Delete the schedule “${schedule.name}”?`, { action: "Delete" }))) return;
      if (await call(base, "DELETE")) await load("Schedule deleted.");
    }),
  );
  return item;
}

async function load(message = "") {
  const body = await call(section.dataset.schedulesUrl, "GET");
  if (!body) return;
  const list = section.querySelector(".gb-schedules-list");
  list.replaceChildren(...body.schedules.map(scheduleItem));
  if (!body.schedules.length) {
    const none = document.createElement("li");
    none.textContent = "No schedule refreshes this dashboard yet.";
    list.append(none);
  }
  say(message);
}

async function refreshNow() {
  const target_id = section.dataset.dashboardId;
  const body = await call(section.dataset.jobsUrl, "POST", { job_type: JOB_TYPE, target_id });
  if (body) say(`Refresh queued (run ${body.run_id}); its result shows on the jobs page and here.`);
}

async function addSchedule() {
  const cron = section.querySelector("#gb-schedule-cron").value.trim();
  const timezone = section.querySelector("#gb-schedule-zone").value.trim() || "UTC";
  const target_id = section.dataset.dashboardId;
  const name = `Refresh dashboard ${target_id} (${cron}, ${timezone})`;
  const body = { name, job_type: JOB_TYPE, target_id, cron, timezone };
  if (await call(section.dataset.scheduleUrl, "POST", body)) await load("Schedule added.");
}

if (section) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) section.querySelector("#gb-schedule-zone").value = zone;
  section.querySelector(".gb-schedules-refresh").addEventListener("click", refreshNow);
  section.querySelector(".gb-schedules-add").addEventListener("click", addSchedule);
  section.addEventListener("toggle", () => {
    if (section.open) load();
  });
}
