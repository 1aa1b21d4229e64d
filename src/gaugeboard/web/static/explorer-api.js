// JSON requests of the explorer page: the session cookie authenticates them and every
// request that changes something carries the page's CSRF token. Failures become an
// ApiError (api-errors.js) with the server's own message, which names the field.

import { ApiError, answeredMessage, failed } from "./api-errors.js";
import { sendJson } from "./http.js";

const TIMEOUT_MS = 60_000;

function fallbackMessage(answer) {
  if (answer.status === 401) return "Your session has ended: sign in again.";
  if (answer.status === 403) return "You are not allowed to do this.";
  if (answer.status === 404) return "Not found: it may have been deleted.";
  return answeredMessage(answer);
}

/** `method` `url` with an optional JSON `body`; resolves to {body, headers} or throws ApiError. */
export async function requestJson(url, { method = "GET", body, headers = {} } = {}) {
  const answer = await sendJson(url, { method, body, headers, timeoutMs: TIMEOUT_MS });
  if (failed(answer)) throw ApiError.of(answer, fallbackMessage);
  return { body: answer.body, headers: answer.headers };
}
