// The one way the pages call gaugeboard's JSON API: same-origin with the session cookie,
// the page's CSRF token on every change, nothing cached. Each page turns the answer into
// its own kind of result; every call goes through here, and api-errors.js reads failures.

/** The CSRF token the server put in the page's <meta name="csrf-token">. */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") || "";
}

/**
 * Send `body` (any JSON value; undefined or null for none) with `method` to `url`.
 * Resolves to {status, ok, statusText, body, headers}: `body` is the parsed JSON answer or
 * null. A request that never got an answer resolves with status 0 and `failure`
 * ("timeout" or "network") instead of rejecting.
 */
export async function sendJson(url, { method = "GET", body, headers = {}, timeoutMs } = {}) {
  const sent = { Accept: "application/json", ...headers };
  const hasBody = body !== undefined && body !== null;
  if (method !== "GET") sent["X-CSRF-Token"] = csrfToken();
  if (hasBody) sent["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: sent,
      body: hasBody ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
  } catch (error) {
    const failure = error && error.name === "TimeoutError" ? "timeout" : "network";
    return { status: 0, ok: false, statusText: "", body: null, headers: null, failure };
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return { status: response.status, ok: response.ok, statusText: response.statusText, body: parsed, headers: response.headers };
}
