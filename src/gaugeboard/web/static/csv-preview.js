// Reading the start of a CSV file in the browser, as the server reads an upload
// (datasets/csv_upload.py): the separator is a comma, or the semicolon or tab the header
// line uses more; quotes as in RFC 4180; a UTF-8 byte-order mark is ignored; a `rec_id`
// column (a download has one) is skipped. Column types are guessed from the values seen,
// each guess one the server accepts for every one of them (tests/datasets/test_dataset_pages.py
// runs both on the same values).

export const PREVIEW_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 200;
export const SEPARATORS = [",", ";", "\t"];
export const REC_ID = "rec_id";
const MAX_NAME = 64;
const INTEGER = /^[+-]?\d{1,18}$/;
const NUMBER = /^[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;
const CHECKBOX = new Set(["true", "false", "yes", "no"]);

/** The separator of a header line: the one it uses most outside quoted names, a comma on
 * a tie. */
export function separatorOf(line) {
  const outside = line
    .split('"')
    .filter((_, index) => index % 2 === 0)
    .join("");
  let best = ",";
  let most = -1;
  for (const mark of SEPARATORS) {
    const count = outside.split(mark).length - 1;
    if (count > most || (count === most && mark === ",")) {
      best = mark;
      most = count;
    }
  }
  return best;
}

/** The rows of `text` (lists of cells) with `separator`; a last line without its end is
 *  left out when `partial` (the file goes on after it). */
export function parseCsv(text, separator, partial = false) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
    } else cell += ch;
    i += 1;
  }
  if (!partial && (cell !== "" || row.length)) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.length > 1 || cells[0] !== "");
}

/** Whether `day` (YYYY-MM-DD) is a day of the calendar (not 2026-02-30). */
function realDay(day) {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** Whether `time` (HH:MM or HH:MM:SS) is a time of day. */
function realTime(time) {
  const [hours, minutes, seconds = "0"] = time.split(":");
  return Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60;
}

/** Whether `value` fits `type` as the server reads it (empty cells are left out before). */
export function fits(type, value) {
  const text = value.trim();
  if (type === "integer") return INTEGER.test(text);
  if (type === "number") return /\d/.test(text) && NUMBER.test(text);
  if (type === "date") return DATE.test(text) && realDay(text);
  if (type === "datetime") return DATETIME.test(text) && realDay(text.slice(0, 10)) && realTime(text.slice(11).match(/^[\d:]+/)[0]);
  if (type === "checkbox") return CHECKBOX.has(text.toLowerCase());
  return true;
}

/** The narrowest type every non-empty value fits: integer, number, date, datetime,
 *  checkbox, else text. A column of empty cells is text. */
export function guessType(values) {
  const seen = values.filter((value) => value.trim() !== "");
  if (!seen.length) return "text";
  for (const type of ["integer", "number", "date", "datetime", "checkbox"]) {
    if (seen.every((value) => fits(type, value))) return type;
  }
  return "text";
}

/** Why `name` cannot be a column name (null when it can), as the server checks it. */
export function nameProblem(name) {
  if (!name) return "a column has no name";
  if (name.length > MAX_NAME) return `${name.slice(0, 20)}…: at most ${MAX_NAME} characters`;
  if (/[\u0000-\u001f"]/.test(name)) return `${name}: no quotes or control characters`;
  return null;
}

/**
 * The preview of a file's first bytes: {separator, columns: [{name, type, index}], rows,
 * problems}. `rows` are the first PREVIEW_ROWS data lines (each a list of cells, rec_id
 * left in); `columns` leaves rec_id out.
 */
export function preview(text, partial) {
  const clean = text.replace(/^\ufeff/, "");
  const firstEnd = clean.search(/\r|\n/);
  const separator = separatorOf(firstEnd < 0 ? clean : clean.slice(0, firstEnd));
  const [header = [], ...rest] = parseCsv(clean, separator, partial);
  const rows = rest.slice(0, PREVIEW_ROWS);
  const problems = [];
  const names = header.map((name) => name);
  const doubled = names.filter((name, index) => names.indexOf(name) !== index);
  for (const name of new Set(doubled)) problems.push(`the column ${name} is named twice`);
  const columns = [];
  names.forEach((name, index) => {
    if (name.trim().toLowerCase() === REC_ID) return;
    const problem = nameProblem(name);
    if (problem) problems.push(problem);
    columns.push({ name, index, type: guessType(rows.map((row) => row[index] ?? "")) });
  });
  if (!columns.length) problems.push("the first line must name the columns");
  return { separator, columns, rows, problems };
}
