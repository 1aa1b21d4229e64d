// Calls to gaugeboard's JSON API from the admin pages: same-origin, with the session's
// CSRF token on every change, and the server's error messages kept as they are.

import { ApiError } from "./api-errors.js";
import { sendJson } from "./http.js";

/** Words an answer without an error body the way the admin pages always have. */
function statusLine(answer) {
  return `${answer.status} ${answer.statusText}`;
}

/** Send `body` (an object, or null) with `method` to `url`; resolve to the JSON answer.
 *  A failure throws ApiError: its `errors` are the server's, each naming a field. */
export async function callApi(method, url, body = null) {
  const answer = await sendJson(url, { method, body });
  if (!answer.ok) throw ApiError.of(answer, statusLine);
  return answer.body;
}
