// "Alert on this" in the explorer: once a query has run, the link opens the alert form
// prefilled with the number it watches (a retention query has none: the link hides).

import { draftAddress, draftFromQuery } from "./alert-source.js";

/** Point `link` at the alert form for `query` (named `title`), or hide it. */
export function showAlertLink(link, query, title) {
  if (!link) return;
  const formUrl = link.dataset.formUrl || link.getAttribute("href").split("?")[0];
  link.dataset.formUrl = formUrl;
  const draft = draftFromQuery(query, title);
  link.hidden = draft === null;
  if (draft) link.href = draftAddress(formUrl, draft);
}
