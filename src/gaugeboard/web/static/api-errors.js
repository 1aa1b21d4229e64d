// How every page reads a failed call to gaugeboard's JSON API. The server answers
// {"ok": false, "status", "code", "error", "errors": [...]}; an answer without that body
// (not JSON, a proxy's page), a network failure or a time-out is read into the same
// shape here, so the pages show and branch on one form. http.js sends; this module reads.

export const NETWORK_MESSAGE = "The server could not be reached.";
export const TIMEOUT_MESSAGE = "The server took too long to answer.";

/** The message for an answer that carried none of its own. */
export function answeredMessage(answer) {
  return `The server answered ${answer.status}.`;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The `errors` the server itself sent in `body` (strings), or []. */
function serverErrors(body) {
  return isObject(body) && Array.isArray(body.errors) ? body.errors.map(String) : [];
}

/**
 * True when `answer` (from http.js `sendJson`) is no success: no answer at all, a failing
 * status, a body that is not a JSON object, or one that says `"ok": false`.
 */
export function failed(answer) {
  return !answer.ok || !isObject(answer.body) || answer.body.ok === false;
}

/**
 * The error body of a failed `answer`: {ok: false, status, code, error, errors}, with any
 * other fields the server sent. `fallback(answer)` words the message when the server sent
 * none; a network failure is code "network_error" and a time-out "timeout" (status 0).
 */
export function errorBody(answer, fallback = answeredMessage) {
  if (answer.status === 0) {
    const timedOut = answer.failure === "timeout";
    const error = timedOut ? TIMEOUT_MESSAGE : NETWORK_MESSAGE;
    return { ok: false, status: 0, code: timedOut ? "timeout" : "network_error", error, errors: [error] };
  }
  const body = isObject(answer.body) ? answer.body : {};
  const errors = serverErrors(body);
  const error = typeof body.error === "string" && body.error ? body.error : errors.join("; ") || fallback(answer);
  const code = typeof body.code === "string" && body.code ? body.code : "request_failed";
  return { ...body, ok: false, status: answer.status, code, error, errors: errors.length ? errors : [error] };
}

/** The problems of an error body, each a string (with its JSON path when it has one). */
export function problemsOf(body) {
  if (isObject(body) && Array.isArray(body.errors) && body.errors.length) return body.errors.map(String);
  return [isObject(body) && typeof body.error === "string" && body.error ? body.error : "The request failed."];
}

/** A failed call as an exception: the fields of its error body, and `serverErrors`, the
 *  problems the server itself listed (empty when the answer carried none). */
export class ApiError extends Error {
  constructor(body, serverErrorsSent = []) {
    super(body.error);
    this.name = "ApiError";
    this.status = body.status;
    this.code = body.code;
    this.errors = body.errors;
    this.body = body;
    this.serverErrors = serverErrorsSent;
  }

  /** The ApiError of a failed `answer` (see `errorBody` for `fallback`). */
  static of(answer, fallback = answeredMessage) {
    return new ApiError(errorBody(answer, fallback), answer.status === 0 ? [] : serverErrors(answer.body));
  }
}
