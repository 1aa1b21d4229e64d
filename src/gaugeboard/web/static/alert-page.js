// One alert's page (/alerts/<id>): the number of each evaluation over time, drawn with
// Vega-Lite, with the condition's threshold line(s) and each state change as a rule and
// a label; evaluate now, silence until a time (or end the silence) and delete (after a
// confirmation), all through /api/alert. Server data reaches the DOM as text only.

import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";
import { conditionText, numberText, thresholdLines } from "./alert-source.js";
import { localizeTimes } from "./local-time.js";
import { embed } from "./widgets/vega.js";
import { confirmDialog } from "./confirm-dialog.js";

const HISTORY_LIMIT = 500;
const DANGER = "#b42318";
const CHANGE = "#7a5af8";

function timeElement(iso) {
  return iso ? h("time", { class: "gb-local-time", datetime: iso }, iso) : "—";
}

/** The Vega-Lite spec of an alert's history: `evaluations` newest first, as the API sends them. */
export function historySpec(evaluations, condition) {
  const ordered = [...evaluations].reverse();
  const points = ordered.filter((row) => row.value !== null && row.value !== undefined).map((row) => ({ at: row.at, value: row.value, state: row.state }));
  const changes = ordered.filter((row) => row.changed).map((row) => ({ at: row.at, label: row.state.replace("_", " ") }));
  const lines = thresholdLines(condition).filter((line) => typeof line.value === "number");
  const x = { field: "at", type: "temporal", title: null };
  const layer = [
    {
      data: { values: points },
      mark: { type: "line", point: true },
      encoding: {
        x,
        y: { field: "value", type: "quantitative", title: "number" },
        tooltip: [{ field: "at", type: "temporal", timeUnit: "yearmonthdatehoursminutes", title: "at" }, { field: "value", type: "quantitative" }, { field: "state" }],
      },
    },
  ];
  if (lines.length) {
    layer.push(
      { data: { values: lines }, mark: { type: "rule", color: DANGER, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: "value", type: "quantitative" } } },
      {
        data: { values: lines },
        mark: { type: "text", color: DANGER, align: "right", baseline: "bottom", dy: -2 },
        encoding: { y: { field: "value", type: "quantitative" }, x: { value: "width" }, text: { field: "label" } },
      },
    );
  }
  if (changes.length) {
    layer.push(
      { data: { values: changes }, mark: { type: "rule", color: CHANGE, opacity: 0.7 }, encoding: { x } },
      { data: { values: changes }, mark: { type: "text", color: CHANGE, align: "left", baseline: "top", dx: 3, dy: 2 }, encoding: { x, y: { value: 0 }, text: { field: "label" } } },
    );
  }
  return { width: "container", height: 260, layer };
}

class AlertPage {
  constructor(root) {
    this.root = root;
    this.url = `${root.dataset.alertsUrl}/${encodeURIComponent(root.dataset.alertId)}`;
    this.listUrl = root.dataset.listUrl;
    this.alert = JSON.parse(document.getElementById("gb-al-data").textContent);
    this.status = document.getElementById("gb-al-status");
    this.chart = document.getElementById("gb-al-chart");
    this.canvas = document.getElementById("gb-al-canvas");
    this.chartMessage = document.getElementById("gb-al-chart-message");
    this.cleanup = null;
    document.getElementById("gb-al-evaluate").addEventListener("click", () => this.act("Evaluating…", () => this.evaluate()));
    document.getElementById("gb-al-delete").addEventListener("click", () => this.remove());
    document.getElementById("gb-al-unsilence").addEventListener("click", () => this.act("Ending the silence…", () => this.silence(null)));
    document.getElementById("gb-al-silence-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const value = document.getElementById("gb-al-until").value;
      const until = new Date(value);
      if (!value || Number.isNaN(until.getTime())) {
        this.say("Pick the time the silence ends.");
        return;
      }
      this.act("Silencing…", () => this.silence(until.toISOString()));
    });
    this.showAlert(this.alert);
  }

  say(text) {
    this.status.textContent = text;
  }

  /** Run `work` with a status line; a refusal shows the server's message. */
  async act(busy, work) {
    this.say(busy);
    try {
      await work();
    } catch (error) {
      this.say(error.errors && error.errors.length ? error.errors.join("; ") : error.message);
    }
  }

  showAlert(alert) {
    this.alert = alert;
    const state = document.getElementById("gb-al-state");
    state.textContent = alert.state.replace("_", " ");
    state.className = `gb-al-state gb-al-state-${alert.state}`;
    document.getElementById("gb-al-since").replaceChildren(timeElement(alert.state_since));
    document.getElementById("gb-al-value").textContent = numberText(alert.last_value);
    document.getElementById("gb-al-condition").textContent = conditionText(alert.condition);
    document.getElementById("gb-al-silenced").replaceChildren(timeElement(alert.silenced_until));
    document.getElementById("gb-al-unsilence").hidden = !alert.silenced_until;
    localizeTimes(this.root);
  }

  async load() {
    try {
      const { body } = await requestJson(`${this.url}/history?limit=${HISTORY_LIMIT}`);
      this.showAlert(body.alert);
      this.showChanges(body.evaluations);
      this.showDeliveries(body.deliveries);
      await this.draw(body.evaluations);
    } catch (error) {
      this.chart.dataset.state = "error";
      this.chartMessage.textContent = `The history could not be read: ${error.message}`;
    }
  }

  async draw(evaluations) {
    if (this.cleanup) this.cleanup();
    this.cleanup = null;
    this.canvas.replaceChildren();
    if (!evaluations.length) {
      this.chart.dataset.state = "empty";
      this.chartMessage.textContent = "No evaluations yet: “Evaluate now” reads the number.";
      return;
    }
    this.chartMessage.textContent = "";
    this.cleanup = await embed(this.canvas, historySpec(evaluations, this.alert.condition));
    this.chart.dataset.state = "rendered";
  }

  showChanges(evaluations) {
    const changes = evaluations.filter((row) => row.changed);
    const items = changes.map((row) =>
      h("li", {}, timeElement(row.at), ` ${row.previous_state.replace("_", " ")} → ${row.state.replace("_", " ")}`, row.error ? ` (${row.error})` : ""),
    );
    if (!items.length) items.push(h("li", { class: "gb-muted" }, "None in the evaluations kept."));
    document.getElementById("gb-al-changes").replaceChildren(...items);
  }

  showDeliveries(deliveries) {
    const items = deliveries.map((row) =>
      h("li", {}, timeElement(row.created_at), ` ${row.channel} to ${row.recipient}: ${row.state}`, row.error ? ` (${row.error})` : ""),
    );
    if (!items.length) items.push(h("li", { class: "gb-muted" }, "Nothing sent yet."));
    document.getElementById("gb-al-deliveries").replaceChildren(...items);
  }

  async evaluate() {
    const { body } = await requestJson(`${this.url}/evaluate`, { method: "POST" });
    const newest = body.evaluations[0];
    await this.load();
    const error = newest && newest.error ? ` (${newest.error})` : "";
    this.say(newest ? `Evaluated: ${numberText(newest.value)}, ${newest.state.replace("_", " ")}${error}.` : "Evaluated.");
  }

  async silence(until) {
    const { body } = await requestJson(`${this.url}/silence`, { method: "POST", body: { until } });
    this.showAlert(body.alert);
    this.say(until ? "Silenced." : "The silence has ended.");
  }

  async remove() {
    if (!(await confirmDialog(`Delete the alert “${this.alert.name}” and its history?`, { action: "Delete" }))) return;
    await this.act("Deleting…", async () => {
      await requestJson(this.url, { method: "DELETE" });
      window.location.assign(this.listUrl);
    });
  }
}

const root = document.getElementById("gb-alert");
if (root) new AlertPage(root).load();
