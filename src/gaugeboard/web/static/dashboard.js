// Draws the widgets of a dashboard page from the chart specs the server put in #gb-specs.
// Vega-Embed comes from the bundle shipped in the vl-convert Python package (no CDN), and
// runs with its expression interpreter (ast: true) so the page needs no 'unsafe-eval'.

const GRID_COLUMNS = 12;

function placeWidget(section) {
  const x = Number(section.dataset.x || 0);
  const w = Math.min(Number(section.dataset.w || 6), GRID_COLUMNS);
  const h = Number(section.dataset.h || 4);
  section.style.gridColumn = `${Math.min(x, GRID_COLUMNS - w) + 1} / span ${w}`;
  section.style.gridRow = `span ${h}`;
}

function setState(section, state, message) {
  section.dataset.state = state;
  const status = section.querySelector(".gb-widget-status");
  if (status) status.textContent = message;
}

async function drawWidget(section, spec) {
  const target = section.querySelector(".gb-chart");
  try {
    await window.vegaEmbed(target, spec, {
      actions: false,
      ast: true,
      renderer: "svg",
      defaultStyle: false,
      // vega-tooltip would inject a <style> element, which the CSP refuses; our CSS styles it.
      tooltip: { disableDefaultStyle: true },
    });
    setState(section, "rendered", "");
    section.dispatchEvent(new CustomEvent("gaugeboard:widget:rendered", { bubbles: true, detail: { id: section.dataset.widgetId } }));
  } catch (error) {
    setState(section, "error", `This chart could not be drawn: ${error.message}`);
    section.dispatchEvent(new CustomEvent("gaugeboard:widget:error", { bubbles: true, detail: { id: section.dataset.widgetId, error: String(error) } }));
  }
}

function start() {
  const specsElement = document.getElementById("gb-specs");
  if (!specsElement) return;
  const specs = JSON.parse(specsElement.textContent);
  const sections = document.querySelectorAll(".gb-widget");
  sections.forEach(placeWidget);
  if (typeof window.vegaEmbed !== "function") {
    sections.forEach((section) => setState(section, "error", "The chart library did not load."));
    return;
  }
  document.dispatchEvent(new CustomEvent("gaugeboard:init"));
  sections.forEach((section) => drawWidget(section, specs[section.dataset.widgetId].spec));
}

start();
