// A widget's downloads: the data on screen as CSV or JSON (table rows, numbers, timeline
// items, a Vega-Lite chart's inline data values) and a Vega-Lite chart as PNG or SVG,
// drawn again off screen at the size it has on the page. Files are named after the
// dashboard and the widget.

import { h } from "./dom.js";
import { themeConfig } from "./widgets/vega.js";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is
 * prefixed with a quote. */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV of `columns` and `rows` (CRLF line ends). */
export function csvOf({ columns, rows }) {
  return [columns, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function fromObjects(items, preferred = []) {
  const objects = items.filter((item) => item && typeof item === "object" && !Array.isArray(item));
  const columns = [...preferred];
  for (const item of objects) {
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  }
  return { columns, rows: objects.map((item) => columns.map((key) => item[key])) };
}

function tableData(output) {
  const columns = (Array.isArray(output.columns) ? output.columns : []).map((column) =>
    column && typeof column === "object" ? String(column.name) : String(column),
  );
  const rows = (Array.isArray(output.rows) ? output.rows : []).filter(Array.isArray);
  return { columns, rows };
}

function chartValues(spec) {
  if (!spec || typeof spec !== "object") return null;
  if (spec.data && Array.isArray(spec.data.values)) return spec.data.values;
  const named = spec.datasets && typeof spec.datasets === "object" ? Object.values(spec.datasets) : [];
  return named.find(Array.isArray) || null;
}

/** The output's data as {columns, rows}, or null when it has none to give. */
export function dataOf(output) {
  if (!output || output.ok !== true) return null;
  switch (output.kind) {
    case "table":
      return tableData(output);
    case "number":
      return fromObjects([output], ["label", "value", "text", "units", "previous", "delta"]);
    case "number-group":
      return fromObjects(Array.isArray(output.items) ? output.items : []);
    case "timeline":
      return fromObjects(Array.isArray(output.items) ? output.items : [], ["time", "label", "title", "text", "url"]);
    case "vega-lite": {
      const values = chartValues(output.spec);
      return values ? fromObjects(values) : null;
    }
    default:
      return null;
  }
}

function recordsOf({ columns, rows }) {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] ?? null])));
}

function slug(text) {
  return String(text).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "dashboard";
}

function save(name, href) {
  const link = h("a", { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  if (href.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function saveText(name, text, type) {
  save(name, URL.createObjectURL(new Blob([text], { type })));
}

// Single-view specs without a size fill the box they are drawn in (as on the page).
function sizedSpec(spec) {
  if (!("mark" in spec || "layer" in spec)) return spec;
  return { width: "container", height: "container", ...spec };
}

/** The chart of `widget` as a PNG or SVG data address. */
async function chartImage(widget, format) {
  if (typeof window.vegaEmbed !== "function") throw new Error("The chart library did not load.");
  const box = widget.target.getBoundingClientRect();
  const holder = h("div", { class: "gb-export-canvas", "aria-hidden": "true" });
  holder.style.width = `${Math.max(200, Math.round(box.width))}px`;
  holder.style.height = `${Math.max(150, Math.round(box.height))}px`;
  document.body.append(holder);
  const config = themeConfig(widget.section);
  config.background = getComputedStyle(widget.section).backgroundColor || "#ffffff";
  try {
    const result = await window.vegaEmbed(holder, sizedSpec(widget.output.spec), {
      actions: false,
      ast: true,
      renderer: "svg",
      defaultStyle: false,
      config,
      tooltip: false,
    });
    try {
      return await result.view.toImageURL(format, format === "png" ? 2 : 1);
    } finally {
      result.finalize();
    }
  } finally {
    holder.remove();
  }
}

/** Wire the download menu of `widget`; `baseName` names the files (the dashboard's path). */
export function setUpDownloads(widget, baseName) {
  const menu = widget.section.querySelector(".gb-widget-downloads");
  if (!menu) return;
  const buttons = [...menu.querySelectorAll("[data-download]")];
  const fileName = (ext) => `${slug(baseName)}-${slug(widget.id)}.${ext}`;

  const update = () => {
    const data = widget.drawn ? dataOf(widget.output) : null;
    const chart = widget.drawn && widget.output?.kind === "vega-lite";
    for (const button of buttons) {
      const format = button.dataset.download;
      button.hidden = format === "csv" || format === "json" ? data === null : !chart;
    }
    menu.hidden = data === null && !chart;
    if (menu.hidden) menu.open = false;
  };

  const download = async (format) => {
    if (format === "csv" || format === "json") {
      const data = dataOf(widget.output);
      if (data === null) return;
      if (format === "csv") saveText(fileName("csv"), csvOf(data), "text/csv;charset=utf-8");
      else saveText(fileName("json"), `${JSON.stringify(recordsOf(data), null, 2)}\n`, "application/json");
      return;
    }
    try {
      save(fileName(format), await chartImage(widget, format));
    } catch (error) {
      widget.fail(`The chart could not be saved: ${error?.message || error}`, { code: "download_failed", keep: true });
    }
  };

  for (const button of buttons) {
    button.addEventListener("click", () => {
      menu.open = false;
      download(button.dataset.download);
    });
  }
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      event.stopPropagation();
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  widget.section.addEventListener("gaugeboard:widget:rendered", update);
  widget.section.addEventListener("gaugeboard:widget:error", update);
  update();
}
