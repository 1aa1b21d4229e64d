// The requests of the editor page: widget types, previews, and saving the document.
// Every answer comes back as {status, body}; a failure's body is always the error body
// (api-errors.js), a network failure with status 0, so callers handle one form.

import { errorBody, failed } from "./api-errors.js";
import { sendJson } from "./http.js";

/** Send a request with a JSON body (if any) and the CSRF token on changes. A failure's
 *  body is the error body as api-errors.js reads it, whatever the server answered. */
export async function requestJson(url, { method = "GET", body, headers = {} } = {}) {
  const answer = await sendJson(url, { method, body, headers });
  if (failed(answer)) {
    return { status: answer.status, body: errorBody(answer) };
  }
  return { status: answer.status, body: answer.body };
}

export class EditorApi {
  /** `dashboardsUrl` is the address of /api/dashboard (with any mount prefix). */
  constructor(dashboardsUrl) {
    this.dashboards = dashboardsUrl.replace(/\/$/, "");
    this.root = this.dashboards.replace(/\/dashboard$/, "");
  }

  types() {
    return requestJson(`${this.root}/widget/types`);
  }

  preview(documentValue, widgets) {
    const body = { document: documentValue };
    if (widgets) body.widgets = widgets;
    return requestJson(`${this.dashboards}/preview`, { method: "POST", body });
  }

  get(id) {
    return requestJson(`${this.dashboards}/${id}`);
  }

  update(id, documentValue, version, note) {
    const query = note ? `?note=${encodeURIComponent(note)}` : "";
    return requestJson(`${this.dashboards}/${id}${query}`, {
      method: "PUT",
      body: documentValue,
      headers: { "If-Match": `"v${version}"` },
    });
  }

  create(documentValue, note) {
    const query = note ? `?note=${encodeURIComponent(note)}` : "";
    return requestJson(`${this.dashboards}${query}`, { method: "POST", body: documentValue });
  }
}
