// Calls to gaugeboard's JSON API from the admin pages: same-origin, with the session's
// CSRF token on every change, and the server's error messages kept as they are.

import { sendJson } from "./http.js";

/** An error the API answered with: `messages` are its `errors`, each naming a field. */
export class ApiError extends Error {
  constructor(status, messages) {
    super(messages.join("; "));
    this.status = status;
    this.messages = messages;
  }
}

/** Send `body` (an object, or null) with `method` to `url`; resolve to the JSON answer. */
export async function callApi(method, url, body = null) {
  const answer = await sendJson(url, { method, body });
  if (answer.status === 0) throw new ApiError(0, ["The server could not be reached."]);
  if (!answer.ok) {
    const messages = answer.body?.errors?.length ? answer.body.errors : [`${answer.status} ${answer.statusText}`];
    throw new ApiError(answer.status, messages);
  }
  return answer.body;
}
