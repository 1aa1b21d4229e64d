// The "New data set" page: the CSV file picked is read here (its first 256 kB, at most
// 200 lines) to show a preview and guess each column's type; the types can be changed.
// "Create and upload" then creates the data set (POST /api/data) and sends the whole file
// as text/csv (POST /api/data/{id}/row), which the browser streams. An upload refused
// deletes the data set just made, so a failure leaves nothing behind.

import { ApiError } from "./api-errors.js";
import { PREVIEW_BYTES, preview } from "./csv-preview.js";
import { h } from "./dom.js";
import { requestJson } from "./explorer-api.js";
import { sendFile, sendJson } from "./http.js";

const TYPES = ["text", "number", "integer", "date", "datetime", "checkbox", "percentage"];
const UPLOAD_TIMEOUT_MS = 30 * 60 * 1000;

const form = document.getElementById("gb-ds-new");
const fileInput = document.getElementById("gb-ds-file");
const nameInput = document.getElementById("gb-ds-name");
const section = document.getElementById("gb-ds-preview");
const table = document.getElementById("gb-ds-preview-table");
const note = document.getElementById("gb-ds-preview-note");
const errors = document.getElementById("gb-ds-new-errors");
const status = document.getElementById("gb-ds-new-status");
let shown = null;

function showErrors(messages) {
  errors.replaceChildren();
  if (messages.length) errors.append(h("ul", {}, messages.map((message) => h("li", {}, message))));
}

function typePicker(column, position) {
  const id = `gb-ds-type-${position}`;
  const select = h("select", { id, "data-column": position }, TYPES.map((type) => h("option", { value: type }, type)));
  select.value = column.type;
  select.addEventListener("change", () => {
    column.type = select.value;
  });
  return h("div", { class: "gb-ds-type" }, h("label", { for: id, class: "gb-visually-hidden" }, `Type of ${column.name}`), select);
}

function draw(found, file, partial) {
  const head = h("tr", {}, found.columns.map((column) => h("th", { scope: "col" }, column.name)));
  const types = h("tr", { class: "gb-ds-types" }, found.columns.map((column, position) => h("td", {}, typePicker(column, position))));
  table.tHead.replaceChildren(head, types);
  const body = found.rows.map((row) => h("tr", {}, found.columns.map((column) => h("td", {}, row[column.index] ?? ""))));
  table.tBodies[0].replaceChildren(...body);
  const separator = { ",": "comma", ";": "semicolon", "\t": "tab" }[found.separator];
  const lines = `${found.rows.length} ${found.rows.length === 1 ? "line" : "lines"}`;
  note.textContent = `The first ${lines} of ${file.name} (${separator}-separated)${partial ? "; the rest is sent on upload" : ""}. Types are guessed from them: change any that is wrong.`;
  section.hidden = false;
}

async function readFile() {
  showErrors([]);
  status.textContent = "";
  shown = null;
  section.hidden = true;
  const file = fileInput.files[0];
  if (!file) return;
  if (!nameInput.value.trim()) nameInput.value = file.name.replace(/\.[^.]*$/, "").slice(0, 200);
  const partial = file.size > PREVIEW_BYTES;
  const text = await file.slice(0, PREVIEW_BYTES).text();
  const found = preview(text, partial);
  if (found.problems.length) {
    showErrors(found.problems.map((problem) => `${file.name}: ${problem}`));
    return;
  }
  shown = { file, columns: found.columns };
  draw(found, file, partial);
}

function body() {
  return {
    name: nameInput.value.trim(),
    description: document.getElementById("gb-ds-description").value.trim(),
    folder: document.getElementById("gb-ds-folder").value.trim(),
    columns: shown.columns.map((column) => ({ name: column.name, data_type: column.type })),
  };
}

/** The upload's problems, each with the file's line number next to its row position. */
function located(messages) {
  return messages.map((message) => {
    const found = /^rows\[(\d+)\]/.exec(message);
    return found ? `${message} (line ${Number(found[1]) + 2} of the file)` : message;
  });
}

async function create(event) {
  event.preventDefault();
  if (!shown) {
    showErrors(["Pick a CSV file first."]);
    fileInput.focus();
    return;
  }
  showErrors([]);
  form.setAttribute("aria-busy", "true");
  const base = form.dataset.createUrl;
  let id = null;
  try {
    status.textContent = "Creating the data set…";
    // The answer is the new id alone (ClicData's shape), not an object: read it here.
    const created = await sendJson(base, { method: "POST", body: body() });
    if (!created.ok || !Number.isInteger(created.body)) throw ApiError.of(created);
    id = created.body;
    status.textContent = `Uploading ${shown.file.name}…`;
    const answer = await sendFile(`${base}/${id}/row`, shown.file, "text/csv", { timeoutMs: UPLOAD_TIMEOUT_MS });
    if (!answer.ok) throw ApiError.of(answer);
    status.textContent = `${answer.body.rows_added} rows uploaded.`;
    window.location.assign(`${form.dataset.listUrl}${id}`);
  } catch (error) {
    if (id !== null) await requestJson(`${base}/${id}`, { method: "DELETE" }).catch(() => null);
    status.textContent = id !== null ? "Nothing was created: the upload was refused." : "";
    showErrors(error instanceof ApiError ? located(error.errors) : [String(error?.message || error)]);
  } finally {
    form.removeAttribute("aria-busy");
  }
}

fileInput.addEventListener("change", readFile);
form.addEventListener("submit", create);
