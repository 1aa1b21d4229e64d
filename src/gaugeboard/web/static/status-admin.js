// The admins' part of the status page: report an incident, schedule maintenance, post an
// update to an ongoing one (resolving or completing it asks first). Each form goes to
// /api/status/incident; the page is then drawn again by the server.

import { call, confirmed, showProblems } from "./action-calls.js";
import { h } from "./dom.js";

const section = document.getElementById("gb-incident-admin");
const api = section.dataset.api;
const STATUSES = {
  incident: [["update", "Update"], ["investigating", "Investigating"], ["identified", "Identified"], ["monitoring", "Monitoring"], ["resolved", "Resolved"]],
  maintenance: [["update", "Update"], ["in_progress", "In progress"], ["completed", "Completed"]],
};

/** A datetime-local value (the reader's time) as ISO 8601 UTC, or null. */
function utc(value) {
  if (!value) return null;
  const when = new Date(value);
  return Number.isNaN(when.getTime()) ? value : when.toISOString();
}

function bodyOf(form) {
  const fields = form.elements;
  const body = { kind: form.dataset.kind, title: fields.title.value.trim(), body: fields.body.value };
  if (form.dataset.kind === "incident") {
    Object.assign(body, { impact: fields.impact.value, status: fields.status.value });
    if (fields.route.value) body.route = fields.route.value;
  } else {
    Object.assign(body, { starts_at: utc(fields.starts_at.value), ends_at: utc(fields.ends_at.value) });
  }
  return body;
}

async function send(form, url, body) {
  const errors = form.querySelector(".gb-errors");
  showProblems(errors, null);
  try {
    await call("POST", url, body);
    window.location.reload();
  } catch (error) {
    showProblems(errors, error);
  }
}

for (const form of section.querySelectorAll(".gb-incident-form")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form, api, bodyOf(form));
  });
}

const update = section.querySelector(".gb-incident-update-form");
if (update) {
  const fields = update.elements;
  const fillStatuses = () => {
    const kind = fields.incident.selectedOptions[0]?.dataset.kind || "incident";
    fields.status.replaceChildren(...STATUSES[kind].map(([value, label]) => h("option", { value }, label)));
  };
  fields.incident.addEventListener("change", fillStatuses);
  fillStatuses();
  update.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = fields.status.value;
    const title = fields.incident.selectedOptions[0]?.textContent || "";
    if ((status === "resolved" || status === "completed") && !(await confirmed(`Mark “${title}” as ${status}? It leaves the list of current incidents.`, `Mark ${status}`))) return;
    send(update, `${api}/${fields.incident.value}/update`, { status, body: fields.body.value });
  });
}
