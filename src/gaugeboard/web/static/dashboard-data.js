// The dashboard's batch data endpoint: GET <prefix>/api/dashboard/<id>/data with
// widgets=a,b, input.<widget>.<name>=value and the page's filters (range, from/to,
// var.<name>). Remembers each URL's ETag so an unchanged
// answer comes back as 304 without a body. The session cookie authenticates the request;
// http.js sends it (no-store, with a time-out) and api-errors.js reads any failure.

import { ApiError, answeredMessage, failed } from "./api-errors.js";
import { sendJson } from "./http.js";

const TIMEOUT_MS = 60_000;

function fallbackMessage(answer) {
  if (answer.status === 401) return "Your session has ended: sign in again to see fresh data.";
  if (answer.status === 403) return "You may no longer view this dashboard.";
  if (answer.status === 404) return "This dashboard no longer exists.";
  if (answer.status >= 200 && answer.status < 300) return "The answer was not dashboard data: reload the page.";
  return answeredMessage(answer);
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
   * `{notModified: true}`. Otherwise `{body}`. Throws ApiError (api-errors.js) on any failure.
   */
  async get(url, { conditional = false } = {}) {
    const headers = {};
    const etag = this.etags.get(url);
    if (conditional && etag) headers["If-None-Match"] = etag;
    const answer = await sendJson(url, { headers, timeoutMs: TIMEOUT_MS });
    if (answer.status === 304) return { notModified: true };
    if (failed(answer) || answer.body.ok !== true || typeof answer.body.widgets !== "object") {
      throw ApiError.of(answer, fallbackMessage);
    }
    const newTag = answer.headers.get("ETag");
    if (newTag) this.etags.set(url, newTag);
    else this.etags.delete(url);
    return { notModified: false, body: answer.body };
  }
}
