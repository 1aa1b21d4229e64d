// Calls to gaugeboard's JSON API from the admin pages: same-origin, with the session's
// CSRF token on every change, and the server's error messages kept as they are.

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") || "";
}

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
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (body !== null) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === null ? undefined : JSON.stringify(body),
  });
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const messages = answer?.errors?.length ? answer.errors : [`${response.status} ${response.statusText}`];
    throw new ApiError(response.status, messages);
  }
  return answer;
}
