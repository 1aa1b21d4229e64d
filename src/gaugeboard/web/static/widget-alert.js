// "Alert on this" on a dashboard's metric widget: the link (drawn by the server for
// signed-in readers, with the widget's query) opens the alert form prefilled with the
// number the widget shows; retention widgets keep it hidden.

import { showAlertLink } from "./explorer-alert.js";

/** Wire the alert link of `widget`, when it has one. */
export function setUpAlertLink(widget) {
  const link = widget.section.querySelector(".gb-widget-alert");
  if (!link) return;
  let query = null;
  try {
    query = JSON.parse(link.dataset.query || "null");
  } catch {
    query = null;
  }
  showAlertLink(link, query, widget.title);
}
