// The report form of a dashboard's reports page, for a new report and for editing one:
// the recipients' lines become notify targets, the chosen widgets a list, and the report
// is saved through /api/report (admin.js does Send now and Delete). Each problem the
// server names is shown next to its field; the rest above the buttons.

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

/** A stored target back as the line that makes it (the inverse of targetOf). */
export function lineOf(target) {
  if (target.kind === "user") return `user:${target.user}`;
  if (target.kind === "team") return `team:${target.team}`;
  if (target.kind === "webhook") return target.format === "slack" ? `slack:${target.url}` : target.url;
  return target.address || "";
}

/** The targets of the lines; a webhook already on the report keeps its (masked) secret. */
export function targetsOf(text, kept = []) {
  const lines = text.split("\n").filter((line) => line.trim());
  return lines.map((line) => {
    const target = targetOf(line);
    if (target.kind !== "webhook") return target;
    const same = kept.find(
      (old) => old.kind === "webhook" && old.url === target.url && (old.format || "json") === (target.format || "json"),
    );
    return same && same.secret ? { ...target, secret: same.secret } : target;
  });
}

/** The field a problem names ("channels[0]: …" names channels), or "". */
export function problemField(problem) {
  const cut = problem.indexOf(": ");
  return cut < 0 ? "" : problem.slice(0, cut).replace(/[.[].*$/, "");
}

class ReportForm {
  constructor(form) {
    this.form = form;
    this.errors = form.querySelector(".gb-errors");
    this.title = document.getElementById(form.getAttribute("aria-labelledby"));
    this.submit = form.querySelector("button[type=submit]");
    this.cancel = form.querySelector("[data-cancel-edit]");
    const data = document.getElementById("gb-reports-data");
    this.reports = data ? JSON.parse(data.textContent) : [];
    this.editing = null;
    form.addEventListener("submit", (event) => this.save(event));
    this.cancel.addEventListener("click", () => this.startNew());
    for (const button of document.querySelectorAll("[data-edit-report]")) {
      button.addEventListener("click", () => this.startEdit(Number(button.dataset.editReport)));
    }
  }

  field(name) {
    return this.form.elements[name];
  }

  body() {
    const kept = this.editing ? this.editing.channels : [];
    const body = {
      name: this.field("name").value,
      cron: this.field("cron").value,
      timezone: this.field("timezone").value || "UTC",
      widgets: Array.from(this.field("widgets").selectedOptions, (option) => option.value),
      email_mode: this.field("email_mode").value,
      channels: targetsOf(this.field("recipients").value, kept),
      enabled: !this.field("paused").checked,
    };
    return this.editing ? body : { dashboard: Number(this.form.dataset.dashboard), ...body };
  }

  startEdit(reportId) {
    const report = this.reports.find((item) => item.id === reportId);
    if (!report) return;
    this.editing = report;
    this.clearProblems();
    this.field("name").value = report.name;
    this.field("cron").value = report.cron;
    this.field("timezone").value = report.timezone;
    const chosen = new Set(report.widgets);
    for (const option of this.field("widgets").options) option.selected = chosen.has(option.value);
    this.field("recipients").value = report.channels.map(lineOf).join("\n");
    this.field("email_mode").value = report.email_mode;
    this.field("paused").checked = !report.enabled;
    this.title.textContent = `Edit ${report.name}`;
    this.submit.textContent = "Save report";
    this.cancel.hidden = false;
    this.form.scrollIntoView({ block: "start" });
    this.field("name").focus();
  }

  startNew() {
    this.editing = null;
    this.form.reset();
    this.clearProblems();
    this.title.textContent = this.title.dataset.newTitle;
    this.submit.textContent = this.submit.dataset.newLabel;
    this.cancel.hidden = true;
  }

  clearProblems() {
    for (const slot of this.form.querySelectorAll("[data-error-for]")) slot.textContent = "";
    this.errors.replaceChildren();
  }

  showProblems(error) {
    this.clearProblems();
    const general = [];
    for (const problem of error.errors || [String(error.message || error)]) {
      const slot = this.form.querySelector(`[data-error-for="${CSS.escape(problemField(problem))}"]`);
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent}; ${problem}` : problem;
      else general.push(problem);
    }
    if (general.length) append(this.errors, h("ul", {}, general.map((m) => h("li", {}, m))));
    this.form.querySelector("[data-error-for]:not(:empty)")?.scrollIntoView({ block: "center" });
  }

  async save(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
    this.clearProblems();
    this.form.setAttribute("aria-busy", "true");
    try {
      if (this.editing) {
        await callApi("PUT", `${this.form.dataset.createUrl}/${this.editing.id}`, this.body());
        sessionStorage.setItem(DONE_KEY, "Report saved.");
      } else {
        await callApi("POST", this.form.dataset.createUrl, this.body());
        sessionStorage.setItem(DONE_KEY, "Report created.");
      }
      window.location.reload();
    } catch (error) {
      this.showProblems(error);
    } finally {
      this.form.removeAttribute("aria-busy");
    }
  }
}

/** The report a page address asks to edit (``#edit-12``: the admin list's Edit links), or 0. */
export function reportToEdit(hash) {
  const wanted = /^#edit-([1-9][0-9]*)$/.exec(hash);
  return wanted ? Number(wanted[1]) : 0;
}

const form = document.querySelector("form[data-reports-form]");
if (form) {
  const reportForm = new ReportForm(form);
  const wanted = reportToEdit(window.location.hash);
  if (wanted) reportForm.startEdit(wanted);
}
