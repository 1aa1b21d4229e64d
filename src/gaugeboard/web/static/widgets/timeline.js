// The `timeline` kind: `{title, items: [{time, label, title, text, url}]}` as an ordered list.

import { h, textOf } from "../dom.js";
import { linkUrl } from "../urls.js";

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const DATE_ONLY = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A time as this reader's local time (dates alone stay dates). */
function shownTime(time) {
  if (typeof time !== "string" || time === "") return "";
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime())) return time;
  return /^\d{4}-\d{2}-\d{2}$/.test(time) ? DATE_ONLY.format(parsed) : DATE_TIME.format(parsed);
}

function entry(item) {
  const li = h("li", { class: "gb-timeline-item" });
  const when = item.label ? textOf(item.label) : shownTime(item.time);
  if (when) li.append(h("time", { datetime: typeof item.time === "string" ? item.time : null }, when));
  const href = item.url ? linkUrl(item.url) : null;
  if (item.title) {
    const title = textOf(item.title);
    li.append(h("p", { class: "gb-timeline-title" }, href ? h("a", { href, rel: "noopener noreferrer" }, title) : title));
  }
  if (item.text) li.append(h("p", { class: "gb-timeline-text" }, textOf(item.text)));
  if (href && !item.title) li.append(h("a", { href, rel: "noopener noreferrer" }, href));
  return li;
}

/** The `timeline` kind. */
export function renderTimeline(target, output) {
  const box = h("div", { class: "gb-timeline" });
  if (output.title) box.append(h("p", { class: "gb-timeline-heading" }, textOf(output.title)));
  const items = Array.isArray(output.items) ? output.items.filter((item) => item && typeof item === "object") : [];
  if (items.length === 0) box.append(h("p", { class: "gb-empty" }, "Nothing on the timeline yet."));
  else box.append(h("ol", { class: "gb-timeline-list" }, items.map(entry)));
  target.append(box);
  return null;
}
