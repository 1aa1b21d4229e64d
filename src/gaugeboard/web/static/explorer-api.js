// JSON requests of the explorer page: the session cookie authenticates them and every
// request that changes something carries the page's CSRF token. Failures become an
// ApiError with the server's own message (which names the field), never a raw status.

import { sendJson } from "./http.js";

const TIMEOUT_MS = 60_000;

export class ApiError extends Error {
  constructor(message, { status = 0, code = "request_failed", errors = [] } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

function fallbackMessage(status) {
  if (status === 401) return "Your session has ended: sign in again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "Not found: it may have been deleted.";
  return `The server answered ${status}.`;
}

/** `method` `url` with an optional JSON `body`; resolves to {body, headers} or throws ApiError. */
export async function requestJson(url, { method = "GET", body, headers = {} } = {}) {
  const answer = await sendJson(url, { method, body, headers, timeoutMs: TIMEOUT_MS });
  if (answer.status === 0) {
    throw new ApiError(answer.failure === "timeout" ? "The server took too long to answer." : "The server could not be reached.");
  }
  const parsed = answer.body;
  if (!answer.ok || !parsed || parsed.ok === false) {
    const errors = Array.isArray(parsed?.errors) ? parsed.errors.map(String) : [];
    const message = typeof parsed?.error === "string" && parsed.error ? parsed.error : fallbackMessage(answer.status);
    throw new ApiError(message, { status: answer.status, code: parsed?.code || "request_failed", errors });
  }
  return { body: parsed, headers: answer.headers };
}
