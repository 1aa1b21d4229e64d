// The one way the pages call gaugeboard's JSON API: same-origin with the session cookie,
// the page's CSRF token on every change, nothing cached. Each page turns the answer into
// its own kind of result; every call goes through here, and api-errors.js reads failures.

/** The CSRF token the server put in the page's <meta name="csrf-token">. */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") || "";
}

/** What a request that never got an answer resolves to. */
function noAnswer(error) {
  const failure = error && error.name === "TimeoutError" ? "timeout" : "network";
  return { status: 0, ok: false, statusText: "", body: null, headers: null, failure };
}

/** An answer as the pages read it: its status and its parsed JSON body (or null). */
async function answerOf(response) {
  let parsed = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return { status: response.status, ok: response.ok, statusText: response.statusText, body: parsed, headers: response.headers };
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
  try {
    const response = await fetch(url, {
      method,
      headers: sent,
      body: hasBody ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    return await answerOf(response);
  } catch (error) {
    return noAnswer(error);
  }
}

/**
 * Send a file (a File or Blob, which the browser streams) as the body of `method` to
 * `url` with `contentType`; resolves as `sendJson` does.
 */
export async function sendFile(url, file, contentType, { method = "POST", timeoutMs } = {}) {
  try {
    const response = await fetch(url, {
      method,
      headers: { Accept: "application/json", "Content-Type": contentType, "X-CSRF-Token": csrfToken() },
      body: file,
      credentials: "same-origin",
      cache: "no-store",
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    return await answerOf(response);
  } catch (error) {
    return noAnswer(error);
  }
}
