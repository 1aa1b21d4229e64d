// The `timeline` kind: `{title, items: [{time, label, title, text, url, media}]}` drawn as a
// horizontal strip of cards along a dated line, scrolled sideways (jsondash's TimelineJS
// family, without TimelineJS). Every text goes in with textContent; a media item is a
// picture only when the server marked it `image` (an origin the widget allows, which the
// page's CSP also allows), otherwise a link. The arrow keys scroll the strip a card at a time.

import { h, textOf } from "../dom.js";
import { imageUrl, linkUrl } from "../urls.js";

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const DATE_ONLY = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A time as this reader's local time (dates alone stay dates). */
function shownTime(time) {
  if (typeof time !== "string" || time === "") return "";
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime())) return time;
  return /^\d{4}-\d{2}-\d{2}$/.test(time) ? DATE_ONLY.format(parsed) : DATE_TIME.format(parsed);
}

function mediaOf(media) {
  if (!media || typeof media !== "object") return null;
  const figure = h("figure", { class: "gb-timeline-media" });
  const src = media.kind === "image" ? imageUrl(media.url) : null;
  const href = linkUrl(media.url);
  if (src) figure.append(h("img", { src, alt: textOf(media.caption || ""), loading: "lazy", referrerpolicy: "no-referrer" }));
  else if (href) figure.append(h("a", { href, rel: "noopener noreferrer", target: "_blank" }, textOf(media.caption || href)));
  else return null;
  const credit = [media.kind === "image" ? media.caption : "", media.credit].filter((part) => typeof part === "string" && part).map(textOf);
  if (credit.length) figure.append(h("figcaption", {}, credit.join(" — ")));
  return figure;
}

function card(item) {
  const li = h("li", { class: "gb-timeline-item", tabindex: "-1" });
  const when = item.label ? textOf(item.label) : shownTime(item.time);
  li.append(h("time", { datetime: typeof item.time === "string" ? item.time : null }, when || "—"));
  const body = h("div", { class: "gb-timeline-card" });
  const href = item.url ? linkUrl(item.url) : null;
  const media = mediaOf(item.media);
  if (media) body.append(media);
  if (item.title) {
    const title = textOf(item.title);
    body.append(h("p", { class: "gb-timeline-title" }, href && !media ? h("a", { href, rel: "noopener noreferrer" }, title) : title));
  }
  if (item.text) body.append(h("p", { class: "gb-timeline-text" }, textOf(item.text)));
  if (href && !item.title && !media) body.append(h("a", { href, rel: "noopener noreferrer" }, href));
  li.append(body);
  return li;
}

function scrollByCard(list, direction) {
  const first = list.querySelector(".gb-timeline-item");
  const step = first ? first.getBoundingClientRect().width + 12 : list.clientWidth * 0.8;
  list.scrollBy({ left: direction * step, behavior: "smooth" });
}

/** The `timeline` kind. */
export function renderTimeline(target, output) {
  const box = h("div", { class: "gb-timeline" });
  if (output.title) box.append(h("p", { class: "gb-timeline-heading" }, textOf(output.title)));
  const items = Array.isArray(output.items) ? output.items.filter((item) => item && typeof item === "object") : [];
  if (items.length === 0) {
    box.append(h("p", { class: "gb-empty" }, "Nothing on the timeline yet."));
    target.append(box);
    return null;
  }
  const list = h("ol", { class: "gb-timeline-list", tabindex: "0", "aria-label": "Timeline, scroll sideways" }, items.map(card));
  const back = h("button", { type: "button", class: "gb-timeline-scroll", "aria-label": "Earlier entries" }, "‹");
  const on = h("button", { type: "button", class: "gb-timeline-scroll", "aria-label": "Later entries" }, "›");
  back.addEventListener("click", () => scrollByCard(list, -1));
  on.addEventListener("click", () => scrollByCard(list, 1));
  list.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      scrollByCard(list, event.key === "ArrowRight" ? 1 : -1);
    }
  });
  box.append(h("div", { class: "gb-timeline-strip" }, [back, list, on]));
  target.append(box);
  return null;
}
