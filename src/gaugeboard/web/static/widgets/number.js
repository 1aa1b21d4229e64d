// The `number` kind (one big value, its change and a sparkline) and `number-group`
// (a row of titled numbers).

import { h, textOf } from "../dom.js";
import { embed } from "./vega.js";

const PERCENT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** Apply a server-given colour only when it is a real CSS colour. */
function applyColor(element, color) {
  if (typeof color === "string" && color && CSS.supports("color", color)) {
    element.style.color = color;
  }
}

/** ▲ 12.5% / ▼ 3% / ■ 0%, with classes for styling and words for screen readers. */
export function deltaBadge(delta) {
  if (!isNumber(delta)) return null;
  const percent = `${PERCENT.format(Math.abs(delta) * 100)}%`;
  const direction = delta > 0 ? "up" : delta < 0 ? "down" : "flat";
  const arrow = { up: "▲", down: "▼", flat: "■" }[direction];
  const words = { up: `up ${percent}`, down: `down ${percent}`, flat: "unchanged" }[direction];
  return h(
    "span",
    { class: `gb-delta gb-delta-${direction}`, title: `${words} from the previous period` },
    h("span", { "aria-hidden": "true" }, `${arrow} ${percent}`),
    h("span", { class: "gb-visually-hidden" }, words),
  );
}

function shownText(item) {
  if (typeof item.text === "string" && item.text !== "") return item.text;
  const text = textOf(item.value);
  return text === "" ? "—" : text;
}

function valueLine(item, className) {
  const value = h("span", { class: "gb-number-text" }, shownText(item));
  applyColor(value, item.color);
  const units = item.units ? h("span", { class: "gb-number-units" }, textOf(item.units)) : null;
  return h("p", { class: className }, value, units ? " " : null, units);
}

/** The `number` kind. */
export async function renderNumber(target, output, context) {
  const box = h("div", { class: "gb-number" });
  if (output.label) box.append(h("p", { class: "gb-number-label" }, textOf(output.label)));
  box.append(valueLine(output, "gb-number-value"));
  const badge = deltaBadge(output.delta);
  if (badge) {
    const formatted = typeof output.previous_text === "string" ? output.previous_text : null;
    const previous = formatted ?? (isNumber(output.previous) ? NUMBER.format(output.previous) : textOf(output.previous));
    box.append(h("p", { class: "gb-number-change" }, badge, previous ? h("span", { class: "gb-number-previous" }, ` from ${previous}`) : null));
  }
  target.append(box);
  if (output.sparkline && typeof output.sparkline === "object") {
    const line = h("div", { class: "gb-number-sparkline", role: "img", "aria-label": `Trend of ${context.title}` });
    box.append(line);
    return embed(line, output.sparkline);
  }
  return null;
}

/** The `number-group` kind: `{items: [{title, description, value, text, units, color, delta, width}]}`. */
export function renderNumberGroup(target, output) {
  const items = Array.isArray(output.items) ? output.items : [];
  if (items.length === 0) {
    target.append(h("p", { class: "gb-empty" }, "No numbers to show."));
    return null;
  }
  const list = h("ul", { class: "gb-number-group" });
  for (const item of items) {
    const entry = h("li", { class: "gb-number-item" });
    if (typeof item.width === "string" && CSS.supports("flex-basis", item.width)) {
      entry.style.flexBasis = item.width;
      entry.style.flexGrow = "0";
    }
    if (item.title) entry.append(h("p", { class: "gb-number-item-title" }, textOf(item.title)));
    entry.append(valueLine(item, "gb-number-value"));
    const badge = deltaBadge(item.delta);
    if (badge) entry.append(h("p", { class: "gb-number-change" }, badge));
    if (item.description) entry.append(h("p", { class: "gb-number-description" }, textOf(item.description)));
    list.append(entry);
  }
  target.append(list);
  return null;
}
