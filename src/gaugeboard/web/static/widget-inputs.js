// A widget's `inputs` form (rendered by the server): the browser checks each field's
// pattern, and submitting refetches the widget with input.<widget>.<name>=value.

/** Whether the browser can use `source` as a pattern attribute (compiled with the v flag). */
function usablePattern(source) {
  try {
    new RegExp(`^(?:${source})$`, "v");
    return true;
  } catch {
    return false;
  }
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
  // A pattern the browser cannot compile would be reported and ignored: the server checks
  // every value against validator_regex anyway, so only usable ones become attributes.
  for (const field of form.querySelectorAll("[data-pattern]")) {
    if (usablePattern(field.dataset.pattern)) field.pattern = field.dataset.pattern;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(formValues(form));
  });
}
