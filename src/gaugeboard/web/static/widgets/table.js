// The `table` kind: a real <table> with sortable headers, an optional search box and
// pages, all worked out in the browser over the rows the server sent. The sort, search
// and page survive a refresh of the same columns.

import { h, textOf } from "../dom.js";
import { formatCell } from "../value-format.js";

const DEFAULT_PAGE_SIZE = 25;
const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function cellText(value, column) {
  if (!column || (column.type !== "number" && column.type !== "date")) return textOf(value);
  return formatCell(value, column);
}

function compareCells(a, b) {
  const aEmpty = a === null || a === undefined || a === "";
  const bEmpty = b === null || b === undefined || b === "";
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return COLLATOR.compare(textOf(a), textOf(b));
}

function initialSort(output, columns) {
  const sort = output.sort;
  if (!sort || typeof sort !== "object") return { column: -1, descending: false };
  const index = typeof sort.column === "number" ? sort.column : columns.findIndex((c) => c.name === sort.column);
  return { column: index >= 0 && index < columns.length ? index : -1, descending: Boolean(sort.descending) };
}

function columnsOf(output) {
  const columns = Array.isArray(output.columns) ? output.columns : [];
  return columns.map((column) =>
    typeof column === "object" && column !== null
      ? { name: textOf(column.name), type: column.type || "string", grain: column.grain, format: column.format, currency: column.currency }
      : { name: textOf(column), type: "string" },
  );
}

/** The `table` kind. */
export function renderTable(target, output, context) {
  const columns = columnsOf(output);
  const rows = (Array.isArray(output.rows) ? output.rows : []).filter(Array.isArray);
  const pageSize = Number.isInteger(output.page_size) && output.page_size > 0 ? output.page_size : DEFAULT_PAGE_SIZE;
  const signature = JSON.stringify(columns);
  const saved = context.state.table;
  const view =
    saved && saved.signature === signature
      ? saved
      : { signature, ...initialSort(output, columns), query: "", page: 0 };
  context.state.table = view;

  const wrapper = h("div", { class: "gb-table" });
  let search = null;
  if (output.searchable) {
    const searchId = `gb-search-${context.id}`;
    search = h("input", { type: "search", id: searchId, class: "gb-table-search-input", autocomplete: "off" });
    search.value = view.query;
    wrapper.append(h("div", { class: "gb-table-search" }, h("label", { for: searchId }, "Search"), " ", search));
  }
  const table = h("table", { class: "gb-data-table" });
  table.append(h("caption", { class: "gb-visually-hidden" }, context.title));
  const headRow = h("tr");
  const headers = columns.map((column, index) => {
    const button = h("button", { type: "button", class: "gb-sort" }, column.name);
    button.addEventListener("click", () => {
      view.descending = view.column === index ? !view.descending : false;
      view.column = index;
      view.page = 0;
      update();
    });
    const cell = h("th", { scope: "col", class: column.type === "number" ? "gb-num" : null }, button);
    headRow.append(cell);
    return cell;
  });
  table.append(h("thead", {}, headRow));
  const body = h("tbody");
  table.append(body);
  wrapper.append(h("div", { class: "gb-table-scroll" }, table));

  const previous = h("button", { type: "button", class: "gb-page-previous" }, "Previous");
  const next = h("button", { type: "button", class: "gb-page-next" }, "Next");
  const pageLabel = h("span", { class: "gb-page-label", "aria-live": "polite" });
  const pager = h("nav", { class: "gb-pager", "aria-label": `Pages of ${context.title}` }, previous, pageLabel, next);
  previous.addEventListener("click", () => { view.page -= 1; update(); });
  next.addEventListener("click", () => { view.page += 1; update(); });
  wrapper.append(pager);
  if (Number.isInteger(output.total_rows) && output.total_rows > rows.length) {
    wrapper.append(h("p", { class: "gb-table-note" }, `Showing the first ${rows.length} of ${output.total_rows} rows.`));
  }
  if (search) {
    search.addEventListener("input", () => {
      view.query = search.value;
      view.page = 0;
      update();
    });
  }

  function visibleRows() {
    const query = view.query.trim().toLocaleLowerCase();
    let found = rows;
    if (query) {
      found = rows.filter((row) => row.some((value, i) => cellText(value, columns[i]).toLocaleLowerCase().includes(query)));
    }
    if (view.column >= 0) {
      const i = view.column;
      const sign = view.descending ? -1 : 1;
      // Empty cells stay last in both directions.
      found = [...found].sort((a, b) => {
        const emptyA = a[i] === null || a[i] === undefined || a[i] === "";
        const emptyB = b[i] === null || b[i] === undefined || b[i] === "";
        if (emptyA || emptyB) return compareCells(a[i], b[i]);
        return sign * compareCells(a[i], b[i]);
      });
    }
    return found;
  }

  function update() {
    const found = visibleRows();
    const pages = Math.max(1, Math.ceil(found.length / pageSize));
    view.page = Math.min(Math.max(view.page, 0), pages - 1);
    headers.forEach((cell, index) => {
      if (index === view.column) cell.setAttribute("aria-sort", view.descending ? "descending" : "ascending");
      else cell.removeAttribute("aria-sort");
    });
    const start = view.page * pageSize;
    const shown = found.slice(start, start + pageSize);
    body.replaceChildren(
      ...shown.map((row) =>
        h("tr", {}, columns.map((column, i) => h("td", { class: column.type === "number" ? "gb-num" : null }, cellText(row[i], column)))),
      ),
    );
    if (found.length === 0) {
      body.append(h("tr", { class: "gb-table-empty" }, h("td", { colspan: Math.max(columns.length, 1) }, view.query ? "No rows match the search." : "No rows.")));
    }
    pager.hidden = pages <= 1;
    previous.disabled = view.page === 0;
    next.disabled = view.page >= pages - 1;
    pageLabel.textContent = `Page ${view.page + 1} of ${pages} (${found.length} rows)`;
  }

  update();
  target.append(wrapper);
  return null;
}
