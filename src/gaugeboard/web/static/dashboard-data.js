// The dashboard's batch data endpoint: GET <prefix>/api/dashboard/<id>/data with
// widgets=a,b, input.<widget>.<name>=value and the page's filters (range, from/to,
// var.<name>). Remembers each URL's ETag so an unchanged
// answer comes back as 304 without a body. The session cookie authenticates the request.

const TIMEOUT_MS = 60_000;

/** A failed data request, with the server's error code when it sent one. */
export class DataError extends Error {
  constructor(message, { code = "request_failed", status = 0 } = {}) {
    super(message);
    this.name = "DataError";
    this.code = code;
    this.status = status;
  }
}

function messageOf(status, body) {
  if (body && typeof body.error === "string" && body.error) return body.error;
  if (status === 401) return "Your session has ended: sign in again to see fresh data.";
  if (status === 403) return "You may no longer view this dashboard.";
  if (status === 404) return "This dashboard no longer exists.";
  if (status >= 200 && status < 300) return "The answer was not dashboard data: reload the page.";
  return `The server answered ${status}.`;
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export class DashboardData {
  /** `endpoint` is the data URL of this dashboard (relative to the page). */
  constructor(endpoint) {
    this.endpoint = endpoint;
    this.etags = new Map();
    this.filters = []; // [key, value] pairs sent with every request (dashboard-controls.js)
  }

  /** The request URL for `ids`, with `inputs` ({widget: {name: value}}) as parameters. */
  urlFor(ids, inputs = {}) {
    const url = new URL(this.endpoint, document.baseURI);
    url.searchParams.set("widgets", ids.join(","));
    for (const [key, value] of this.filters) url.searchParams.append(key, value);
    for (const [widgetId, values] of Object.entries(inputs)) {
      for (const [name, value] of Object.entries(values)) {
        url.searchParams.append(`input.${widgetId}.${name}`, value);
      }
    }
    return url.pathname + url.search;
  }

  /**
   * GET `url`. With `conditional`, send the ETag last seen for it; a 304 gives
   * `{notModified: true}`. Otherwise `{body}`. Throws DataError on any failure.
   */
  async get(url, { conditional = false } = {}) {
    const headers = { Accept: "application/json" };
    const etag = this.etags.get(url);
    if (conditional && etag) headers["If-None-Match"] = etag;
    let response;
    try {
      response = await fetch(url, {
        headers,
        cache: "no-store",
        credentials: "same-origin",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error && error.name === "TimeoutError";
      throw new DataError(timedOut ? "The server took too long to answer." : "The server could not be reached.", {
        code: timedOut ? "timeout" : "network_error",
      });
    }
    if (response.status === 304) return { notModified: true };
    const body = await readJson(response);
    if (!response.ok || !body || body.ok !== true || typeof body.widgets !== "object") {
      const code = body && typeof body.code === "string" ? body.code : "request_failed";
      throw new DataError(messageOf(response.status, body), { code, status: response.status });
    }
    const newTag = response.headers.get("ETag");
    if (newTag) this.etags.set(url, newTag);
    else this.etags.delete(url);
    return { notModified: false, body };
  }
}
