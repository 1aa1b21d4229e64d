// The alert form (/alerts-new/ and /alerts/<id>/edit): what to watch (a metric of the
// events, a funnel's conversion, a data-set aggregate, a status route), the condition,
// when to notify and whom. "Test" asks /api/alert/test for the draft's number now; saving
// creates or changes the alert and opens its page. The server's problems are shown next to
// their field (the rest above the buttons). Server data reaches the DOM as text only.

import { ApiError } from "./api-errors.js";
import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";
import { draftFromAddress, numberText } from "./alert-source.js";
import { SourcePickers } from "./alert-pickers.js";

const FILTER_OPS = ["=", "!=", "in", "contains", ">", "<", ">=", "<=", "is_set"];
const CHANNEL_KINDS = { user: ["user", "User name"], team: ["team", "Team name"], email: ["address", "Email address"], webhook: ["url", "Webhook URL"] };
const SOURCE_KINDS = new Set(["metric", "funnel", "dataset", "status"]);
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

const $ = (id) => document.getElementById(id);

/** `value` without null or undefined members (anywhere), keys sorted: two forms of one alert compare equal. */
export function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (!value || typeof value !== "object") return value;
  const kept = Object.keys(value).sort().filter((key) => value[key] !== null && value[key] !== undefined);
  return Object.fromEntries(kept.map((key) => [key, canonical(value[key])]));
}

function same(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function numberOrNull(input) {
  const text = input.value.trim();
  return text === "" ? null : Number(text);
}

function wholeOr(input, fallback) {
  const value = numberOrNull(input);
  return value === null || Number.isNaN(value) ? fallback : value;
}

/** A filter value as typed: numbers and true/false as such, "in" a comma-separated list. */
export function parseValue(op, text) {
  const scalar = (part) => {
    const trimmed = part.trim();
    if (NUMBER.test(trimmed)) return Number(trimmed);
    if (trimmed === "true" || trimmed === "false") return trimmed === "true";
    return trimmed;
  };
  if (op === "is_set") return undefined;
  if (op === "in") return text.split(",").map(scalar).filter((part) => part !== "");
  return scalar(text);
}

function valueText(value) {
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** A field path of a server problem, without the union tags: `source.metric.event` → `source.event`. */
export function problemPath(problem) {
  const cut = problem.indexOf(": ");
  if (cut < 0) return "";
  const parts = problem.slice(0, cut).split(".");
  if (parts[0] === "source" && SOURCE_KINDS.has(parts[1])) parts.splice(1, 1);
  return parts.join(".");
}

function selectOf(options, value, label) {
  const select = h("select", { "aria-label": label }, options.map(([key, text]) => h("option", { value: key }, text)));
  if (value !== undefined) select.value = value;
  return select;
}

class AlertForm {
  constructor(form) {
    this.form = form;
    this.data = form.dataset;
    this.alertId = this.data.alertId;
    this.errors = $("gb-af-errors");
    this.result = $("gb-af-result");
    $("gb-af-kind").addEventListener("change", () => this.showKind());
    $("gb-af-op").addEventListener("change", () => this.showOp());
    $("gb-af-add-filter").addEventListener("click", () => this.addFilter({}).querySelector("input").focus());
    $("gb-af-add-channel").addEventListener("click", () => this.addChannel({ kind: "user" }).querySelector("input").focus());
    $("gb-af-test").addEventListener("click", () => this.test());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    this.pickers = new SourcePickers(JSON.parse($("gb-al-choices").textContent), {
      dataset: $("gb-af-dataset"),
      aggregate: $("gb-af-aggregate"),
      column: $("gb-af-column"),
      time: $("gb-af-time-column"),
      route: $("gb-af-route"),
    });
    const stored = JSON.parse($("gb-al-data").textContent);
    this.stored = stored;
    this.write(stored || { ...this.defaults(), ...(draftFromAddress(window.location.search) || {}) });
    this.loadNames();
  }

  defaults() {
    return { name: "", source: { kind: "metric", metric: "count" }, condition: { op: "above" }, window_seconds: 3600, channels: [] };
  }

  async loadNames() {
    try {
      const { body } = await requestJson(this.data.namesUrl);
      $("gb-af-events").replaceChildren(...body.names.map((item) => h("option", { value: item.name })));
    } catch {
      // The event field still takes any name.
    }
  }

  showKind() {
    const kind = $("gb-af-kind").value;
    for (const group of this.form.querySelectorAll("[data-kind]")) group.hidden = !group.dataset.kind.split(" ").includes(kind);
  }

  showOp() {
    const op = $("gb-af-op").value;
    for (const group of this.form.querySelectorAll("[data-op]")) group.hidden = !group.dataset.op.split(" ").includes(op);
  }

  addFilter(filter) {
    const field = h("input", { "aria-label": "Filter field", maxlength: 266, placeholder: "property", value: filter.field ?? filter.column ?? "" });
    const op = selectOf(FILTER_OPS.map((item) => [item, item]), filter.op || "=", "Filter operator");
    const value = h("input", { "aria-label": "Filter value", value: valueText(filter.value) });
    const remove = h("button", { type: "button" }, "Remove");
    const row = h("li", { class: "gb-al-row gb-al-filter" }, field, op, value, remove);
    remove.addEventListener("click", () => row.remove());
    $("gb-af-filters").append(row);
    return row;
  }

  addChannel(channel) {
    const kind = selectOf(Object.keys(CHANNEL_KINDS).map((key) => [key, key]), channel.kind, "Recipient kind");
    const target = h("input", { "aria-label": "Recipient", maxlength: 2000 });
    const format = selectOf([["json", "JSON body"], ["slack", "Slack-compatible body"]], channel.format || "json", "Webhook body");
    const secret = h("input", { "aria-label": "Webhook secret (optional)", placeholder: "secret (optional)", autocomplete: "off", maxlength: 200 });
    const remove = h("button", { type: "button" }, "Remove");
    const row = h("li", { class: "gb-al-row gb-al-channel" }, kind, target, format, secret, remove);
    target.value = channel[CHANNEL_KINDS[channel.kind]?.[0]] ?? "";
    secret.value = channel.secret ?? "";
    const show = () => {
      const webhook = kind.value === "webhook";
      format.hidden = !webhook;
      secret.hidden = !webhook;
      target.placeholder = CHANNEL_KINDS[kind.value][1];
    };
    kind.addEventListener("change", show);
    remove.addEventListener("click", () => row.remove());
    show();
    $("gb-af-channels").append(row);
    return row;
  }

  write(alert) {
    const source = alert.source || { kind: "metric" };
    const condition = alert.condition || { op: "above" };
    $("gb-af-name").value = alert.name || "";
    $("gb-af-enabled").checked = alert.enabled !== false;
    $("gb-af-kind").value = SOURCE_KINDS.has(source.kind) ? source.kind : "metric";
    this.writeWindow(alert.window_seconds || 3600);
    $("gb-af-event").value = source.event || "";
    $("gb-af-metric").value = source.metric || "count";
    $("gb-af-property").value = source.property || "";
    $("gb-af-steps").value = (source.steps || []).map((step) => step.event).join("\n");
    this.steps = source.steps || [];
    $("gb-af-conversion").value = source.conversion_window?.value ?? 1;
    $("gb-af-conversion-unit").value = source.conversion_window?.unit || "day";
    this.pickers.writeDataset(source.kind === "dataset" ? source : {});
    this.pickers.writeRoute(source.route || "");
    $("gb-af-measure").value = source.measure || "error_rate";
    $("gb-af-filters").replaceChildren();
    for (const filter of source.filters || []) this.addFilter(filter);
    $("gb-af-op").value = condition.op;
    for (const key of ["threshold", "low", "high", "percent"]) $(`gb-af-${key}`).value = condition[key] ?? "";
    $("gb-af-pending").value = alert.pending_evaluations ?? 1;
    $("gb-af-renotify").value = Math.round((alert.renotify_seconds || 0) / 60);
    $("gb-af-channels").replaceChildren();
    for (const channel of alert.channels || []) this.addChannel(channel);
    this.showKind();
    this.showOp();
  }

  writeWindow(seconds) {
    const unit = [86_400, 3600, 60].find((size) => seconds % size === 0) || 60;
    $("gb-af-window-unit").value = String(unit);
    $("gb-af-window").value = Math.max(1, Math.round(seconds / unit));
  }

  readFilters(columnKey) {
    return [...$("gb-af-filters").children].map((row) => {
      const [field, op, value] = row.querySelectorAll("input, select");
      const filter = { [columnKey]: field.value.trim(), op: op.value };
      const parsed = parseValue(op.value, value.value);
      if (parsed !== undefined) filter.value = parsed;
      return filter;
    });
  }

  readSource() {
    const kind = $("gb-af-kind").value;
    if (kind === "metric") {
      const source = { kind, metric: $("gb-af-metric").value, filters: this.readFilters("field") };
      if ($("gb-af-event").value.trim()) source.event = $("gb-af-event").value.trim();
      if ($("gb-af-property").value.trim()) source.property = $("gb-af-property").value.trim();
      return source;
    }
    if (kind === "funnel") {
      const known = new Map(this.steps.map((step) => [step.event, step]));
      const events = $("gb-af-steps").value.split("\n").map((line) => line.trim()).filter(Boolean);
      return {
        kind,
        steps: events.map((event) => ({ event, filters: known.get(event)?.filters || [] })),
        conversion_window: { value: wholeOr($("gb-af-conversion"), 1), unit: $("gb-af-conversion-unit").value },
        filters: this.readFilters("field"),
      };
    }
    if (kind === "dataset") {
      return { kind, ...this.pickers.readDataset(), aggregate: $("gb-af-aggregate").value, filters: this.readFilters("column") };
    }
    return { kind, route: this.pickers.readRoute(), measure: $("gb-af-measure").value };
  }

  readCondition() {
    const op = $("gb-af-op").value;
    const condition = { op };
    const keys = { above: ["threshold"], below: ["threshold"], outside: ["low", "high"], change: ["percent"] }[op];
    for (const key of keys) {
      const value = numberOrNull($(`gb-af-${key}`));
      if (value !== null && !Number.isNaN(value)) condition[key] = value;
    }
    return condition;
  }

  readChannels() {
    return [...$("gb-af-channels").children].map((row) => {
      const [kind, target, format, secret] = row.querySelectorAll("input, select");
      const channel = { kind: kind.value, [CHANNEL_KINDS[kind.value][0]]: target.value.trim() };
      if (kind.value === "webhook") {
        channel.format = format.value;
        if (secret.value) channel.secret = secret.value;
      }
      return channel;
    });
  }

  readWindow() {
    return wholeOr($("gb-af-window"), 1) * Number($("gb-af-window-unit").value);
  }

  /** The alert as the API takes it. */
  read() {
    return {
      name: $("gb-af-name").value.trim(),
      source: this.readSource(),
      condition: this.readCondition(),
      window_seconds: this.readWindow(),
      pending_evaluations: wholeOr($("gb-af-pending"), 1),
      renotify_seconds: wholeOr($("gb-af-renotify"), 0) * 60,
      channels: this.readChannels(),
      enabled: $("gb-af-enabled").checked,
    };
  }

  clearProblems() {
    for (const element of this.form.querySelectorAll("[data-error-for]")) element.textContent = "";
    this.errors.hidden = true;
    this.errors.replaceChildren();
  }

  /** Each problem next to the field it names (or its nearest shown parent), the rest above the buttons. */
  showProblems(error) {
    this.clearProblems();
    const problems = error instanceof ApiError ? error.errors : [error.message || String(error)];
    const general = [];
    for (const problem of problems) {
      const slot = this.slotFor(problemPath(problem));
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent}; ${problem}` : problem;
      else general.push(problem);
    }
    if (general.length) {
      this.errors.replaceChildren(h("ul", {}, general.map((problem) => h("li", {}, problem))));
      this.errors.hidden = false;
    }
    this.form.querySelector("[data-error-for]:not(:empty)")?.scrollIntoView({ block: "center" });
  }

  slotFor(path) {
    let parts = path.split(".");
    while (parts.length && parts[0]) {
      const key = parts.join(".").replace(/\[\d+\]$/, "");
      const slot = this.form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
      if (slot && !slot.closest("[hidden]")) return slot;
      const bare = parts.join(".").replace(/\[\d+\].*$/, "");
      const outer = this.form.querySelector(`[data-error-for="${CSS.escape(bare)}"]`);
      if (outer && !outer.closest("[hidden]")) return outer;
      parts = parts.slice(0, -1);
    }
    return null;
  }

  async test() {
    const draft = this.read();
    this.result.textContent = "Reading the number…";
    try {
      const { body } = await requestJson(this.data.testUrl, {
        method: "POST",
        body: { source: draft.source, condition: draft.condition, window_seconds: draft.window_seconds },
      });
      this.clearProblems();
      const previous = body.previous_value === null || body.previous_value === undefined ? "" : ` (previous window: ${numberText(body.previous_value)})`;
      const verdict = body.value === null ? `no data${body.error ? `: ${body.error}` : ""}` : body.breached ? "the condition is breached" : "the condition is not breached";
      this.result.textContent = `The number now: ${numberText(body.value)}${previous}; ${verdict}.`;
    } catch (error) {
      this.result.textContent = "";
      this.showProblems(error);
    }
  }

  /** What a change sends: a source, condition or window equal to the stored one is left
   * out, since sending any of them starts the alert afresh at ok. */
  changed(alert) {
    const change = { ...alert };
    for (const key of ["source", "condition", "window_seconds"]) {
      if (same(change[key], this.stored[key])) delete change[key];
    }
    return change;
  }

  async save() {
    const alert = this.alertId ? this.changed(this.read()) : this.read();
    this.result.textContent = "Saving…";
    const url = this.alertId ? `${this.data.alertsUrl}/${encodeURIComponent(this.alertId)}` : this.data.alertsUrl;
    try {
      const { body } = await requestJson(url, { method: this.alertId ? "PUT" : "POST", body: alert });
      window.location.assign(`${this.data.pagesUrl}${encodeURIComponent(body.alert.id)}`);
    } catch (error) {
      this.result.textContent = "";
      this.showProblems(error);
    }
  }
}

const form = $("gb-alert-form");
if (form) new AlertForm(form);
