// The new-report form of a dashboard's reports page: the recipients' lines become notify
// targets, the chosen widgets a list, and the report is created through /api/report
// (admin.js does Send now and Delete). Errors are the server's, each naming its field.

import { callApi } from "./admin-api.js";
import { append, h } from "./dom.js";

const DONE_KEY = "gaugeboard-admin-done";

/** One recipient line as a target: user:NAME, team:NAME, slack:URL, a URL, or an address. */
export function targetOf(line) {
  const text = line.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith("user:")) return { kind: "user", user: text.slice(5).trim() };
  if (lower.startsWith("team:")) return { kind: "team", team: text.slice(5).trim() };
  if (lower.startsWith("slack:")) return { kind: "webhook", url: text.slice(6).trim(), format: "slack" };
  if (lower.startsWith("http://") || lower.startsWith("https://")) return { kind: "webhook", url: text };
  return { kind: "email", address: text };
}

function bodyOf(form) {
  const lines = form.elements.recipients.value.split("\n").filter((line) => line.trim());
  return {
    dashboard: Number(form.dataset.dashboard),
    name: form.elements.name.value,
    cron: form.elements.cron.value,
    timezone: form.elements.timezone.value || "UTC",
    widgets: Array.from(form.elements.widgets.selectedOptions, (option) => option.value),
    email_mode: form.elements.email_mode.value,
    channels: lines.map(targetOf),
  };
}

const form = document.querySelector("form[data-reports-form]");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
    const errors = form.querySelector(".gb-errors");
    errors.replaceChildren();
    form.setAttribute("aria-busy", "true");
    try {
      await callApi("POST", form.dataset.createUrl, bodyOf(form));
      sessionStorage.setItem(DONE_KEY, "Report created.");
      window.location.reload();
    } catch (error) {
      const messages = error.errors || [String(error.message || error)];
      append(errors, messages.length > 1 ? h("ul", {}, messages.map((m) => h("li", {}, m))) : messages);
    } finally {
      form.removeAttribute("aria-busy");
    }
  });
}
