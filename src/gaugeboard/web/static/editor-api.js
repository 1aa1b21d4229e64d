// The requests of the editor page: widget types, previews, and saving the document.
// Every answer comes back as {status, body}; a network failure is status 0 with an error
// body shaped like the server's, so callers handle one form.

import { sendJson } from "./http.js";

function failure(status, error, code = "request_failed") {
  return { ok: false, status, code, error, errors: [error] };
}

/** Send a request with a JSON body (if any) and the CSRF token on changes. */
export async function requestJson(url, { method = "GET", body, headers = {} } = {}) {
  const answer = await sendJson(url, { method, body, headers });
  if (answer.status === 0) {
    return { status: 0, body: failure(0, "The server could not be reached.", "network_error") };
  }
  const parsed = answer.body && typeof answer.body === "object" ? answer.body : failure(answer.status, `The server answered ${answer.status}.`);
  return { status: answer.status, body: parsed };
}

/** The problems of an error answer, each a string (with its JSON path when it has one). */
export function problemsOf(body) {
  if (body && Array.isArray(body.errors) && body.errors.length) return body.errors.map(String);
  return [body && typeof body.error === "string" ? body.error : "The request failed."];
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
