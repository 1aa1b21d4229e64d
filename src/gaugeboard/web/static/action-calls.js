// The pages' actions on dashboards, folders and incidents call the JSON API through here:
// one call that throws the server's problems, one place that shows them, and the
// confirmation every destructive action asks for first.

import { ApiError, failed, problemsOf } from "./api-errors.js";
import { confirmDialog } from "./confirm-dialog.js";
import { append, h } from "./dom.js";
import { sendJson } from "./http.js";

/** Send `body` with `method` to `url`; resolves to the JSON answer, throws ApiError. */
export async function call(method, url, body = null) {
  const answer = await sendJson(url, { method, body });
  if (failed(answer)) throw ApiError.of(answer);
  return answer.body;
}

/** Show the problems of `error` (or clear them when null) in `place`, as text. */
export function showProblems(place, error) {
  if (!place) return;
  place.replaceChildren();
  if (!error) return;
  const problems = error instanceof ApiError ? problemsOf(error.body) : [String(error.message || error)];
  append(place, problems.length > 1 ? h("ul", {}, problems.map((p) => h("li", {}, p))) : problems);
}

/** Ask before a destructive action (an in-page dialog whose confirm button says
 * `action`); resolves to true when the user agreed. */
export function confirmed(question, action = "Confirm") {
  return confirmDialog(question, { action });
}

/** `iso` (UTC) as the reader's local date and time, in a <time> element. */
export function localTime(iso) {
  const when = new Date(iso);
  const text = Number.isNaN(when.getTime())
    ? String(iso || "")
    : when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return h("time", { datetime: iso || null, title: iso ? `${iso} (UTC)` : null }, text);
}
