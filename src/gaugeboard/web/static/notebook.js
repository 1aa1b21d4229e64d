// A notebook dashboard page. Each shown cell is a widget section drawn once from the
// outputs the server embedded in #gb-specs, with the renderers of dashboard widgets; a
// grid notebook is placed like a grid dashboard, a report flows one cell per row.
// Events: gaugeboard:init on document; gaugeboard:widget:rendered / :error on each cell.

import { emit } from "./dom.js";
import { placeWidgets } from "./dashboard-layout.js";
import { Widget } from "./widget.js";

function embeddedOutputs() {
  const element = document.getElementById("gb-specs");
  try {
    const parsed = element ? JSON.parse(element.textContent) : {};
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

function start() {
  const grid = document.querySelector(".gb-grid[data-notebook-id]");
  if (!grid) return;
  if (grid.dataset.layout === "grid") placeWidgets(grid);
  // Cells are drawn once: there is nothing to refresh (a new version is a new page).
  const hooks = { refresh: () => null, rendered: () => null };
  const widgets = [...grid.querySelectorAll(".gb-widget")].map((section) => new Widget(section, hooks));
  emit(document, "gaugeboard:init", { notebook: grid.dataset.notebookId, widgets: widgets.map((widget) => widget.id) });
  const outputs = embeddedOutputs();
  return Promise.all(widgets.map((widget) => widget.draw(outputs[widget.id], "page")));
}

start();
