// JSON requests of the explorer page: the session cookie authenticates them and every
// request that changes something carries the page's CSRF token. Failures become an
// ApiError with the server's own message (which names the field), never a raw status.

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

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content || "";
}

function fallbackMessage(status) {
  if (status === 401) return "Your session has ended: sign in again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "Not found: it may have been deleted.";
  return `The server answered ${status}.`;
}

/** `method` `url` with an optional JSON `body`; resolves to {body, headers} or throws ApiError. */
export async function requestJson(url, { method = "GET", body, headers = {} } = {}) {
  const sent = { Accept: "application/json", ...headers };
  if (method !== "GET") sent["X-CSRF-Token"] = csrfToken();
  if (body !== undefined) sent["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error && error.name === "TimeoutError";
    throw new ApiError(timedOut ? "The server took too long to answer." : "The server could not be reached.");
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok || !answer || answer.ok === false) {
    const errors = Array.isArray(answer?.errors) ? answer.errors.map(String) : [];
    const message = typeof answer?.error === "string" && answer.error ? answer.error : fallbackMessage(response.status);
    throw new ApiError(message, { status: response.status, code: answer?.code || "request_failed", errors });
  }
  return { body: answer, headers: response.headers };
}
