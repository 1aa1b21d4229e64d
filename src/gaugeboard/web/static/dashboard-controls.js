// The view page's time range and variables: the .gb-controls form the server rendered from
// the page address. A change reloads every widget through the batch data request with
// range / from / to / var.NAME and goes into the address (history.replaceState), so a
// reload or a shared link keeps it; the server's error is shown in the form.

const FILTER_KEY = /^(range|from|to|var\..+)$/;

/** The data request's filter parameters ([key, value] pairs) found in `search`. */
export function filtersFrom(search) {
  return [...new URLSearchParams(search)].filter(([key]) => FILTER_KEY.test(key));
}

function twoDigits(number) {
  return String(number).padStart(2, "0");
}

/** An ISO 8601 moment as a datetime-local value in the reader's time zone ("" if invalid). */
export function localValue(iso) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return "";
  const day = `${moment.getFullYear()}-${twoDigits(moment.getMonth() + 1)}-${twoDigits(moment.getDate())}`;
  return `${day}T${twoDigits(moment.getHours())}:${twoDigits(moment.getMinutes())}:${twoDigits(moment.getSeconds())}`;
}

/** A datetime-local value (the reader's time zone) as UTC ISO 8601, or null. */
export function isoValue(local) {
  const moment = new Date(local);
  if (!local || Number.isNaN(moment.getTime())) return null;
  return moment.toISOString().replace(".000Z", "Z");
}

/** The form's filters, or {error} when a custom range is not complete. */
function readForm(form) {
  const fields = form.elements;
  const filters = [];
  if (fields.range.value === "custom") {
    const start = isoValue(fields.from.value);
    const end = isoValue(fields.to.value);
    if (start === null || end === null) return { error: "Choose a start (From) and an end (To) for the custom range." };
    filters.push(["from", start], ["to", end]);
  } else if (fields.range.value !== form.dataset.defaultRange) {
    filters.push(["range", fields.range.value]);
  }
  for (const field of form.querySelectorAll("[name^='var.']")) {
    // An empty field or the default value leaves the variable to the dashboard.
    if (field.value !== "" && field.value !== field.dataset.default) filters.push([field.name, field.value]);
  }
  return { filters };
}

/** Put `filters` in the page address, keeping every other parameter. */
function showInAddress(filters) {
  const url = new URL(window.location.href);
  for (const key of [...url.searchParams.keys()]) {
    if (FILTER_KEY.test(key)) url.searchParams.delete(key);
  }
  for (const [key, value] of filters) url.searchParams.append(key, value);
  window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
}

/**
 * Wire the controls `form`. `apply(filters)` reloads the widgets and resolves to null or
 * the error message to show.
 */
export function setUpControls(form, apply) {
  if (!form) return;
  const fields = form.elements;
  const message = form.querySelector(".gb-controls-error");
  const customParts = [...form.querySelectorAll(".gb-control-custom")];
  for (const input of form.querySelectorAll("input[data-iso]")) input.value = localValue(input.dataset.iso);

  const say = (text) => {
    message.textContent = text || "";
    message.hidden = !text;
  };
  let running = Promise.resolve();
  const run = ({ quiet }) => {
    const read = readForm(form);
    if (read.error) {
      if (!quiet) say(read.error);
      return;
    }
    running = running.then(async () => {
      form.setAttribute("aria-busy", "true");
      const error = await apply(read.filters);
      form.setAttribute("aria-busy", "false");
      say(error);
      if (!error) showInAddress(read.filters);
    });
  };

  fields.range.addEventListener("change", () => {
    for (const part of customParts) part.hidden = fields.range.value !== "custom";
  });
  form.addEventListener("change", () => run({ quiet: true }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run({ quiet: false });
  });
}
