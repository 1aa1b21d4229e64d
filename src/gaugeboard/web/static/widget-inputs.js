// A widget's `inputs` form (rendered by the server): the page checks each field's pattern
// in a worker, and submitting refetches the widget with input.<widget>.<name>=value.

/** How long a pattern check may take before the page leaves the decision to the server. */
const PATTERN_CHECK_MS = 250;

/**
 * "match", "mismatch" or "unknown" for `value` against `source`. The check runs in a worker
 * that is ended after PATTERN_CHECK_MS: the browser's engine backtracks, and a field's
 * `pattern` attribute would run on the page's own thread, where a pattern such as (a+)+b
 * could hang the tab. The server checks every value in RE2 anyway.
 */
function checkPattern(source, value) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./pattern-worker.js", import.meta.url));
    const finish = (verdict) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(verdict);
    };
    const timer = setTimeout(() => finish("unknown"), PATTERN_CHECK_MS);
    worker.onmessage = (event) => finish(event.data);
    worker.onerror = () => finish("unknown");
    worker.postMessage({ source, value });
  });
}

/** Whether every filled field that has a pattern may be sent; reports the first that may not. */
async function patternsAllow(form) {
  for (const field of form.querySelectorAll("[data-pattern]")) {
    if (field.value === "") continue;
    if ((await checkPattern(field.dataset.pattern, field.value)) === "mismatch") {
      field.setCustomValidity("This value does not have the expected format.");
      field.reportValidity();
      return false;
    }
  }
  return true;
}

/** The form's non-empty values by name (the last of repeated names wins). */
export function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string" && value !== "") values[name] = value;
  }
  return values;
}

/** Wire the form of `widget`; `submit(values)` runs on every valid submission. */
export function setUpInputs(form, submit) {
  if (!form) return;
  form.addEventListener("input", (event) => {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await patternsAllow(form)) submit(formValues(form));
  });
}
