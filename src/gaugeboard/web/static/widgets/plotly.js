// The `plotly` kind: a Plotly figure {data, layout} drawn by plotly.js, the file shipped in
// the `plotly` Python package and served by gaugeboard (loaded on first use). The page's
// options are the only ones (no mode bar, no links out), and plotly.js is told not to
// inject <style> elements, which the CSP refuses: gaugeboard.css styles its plots.

// Elements whose presence tells plotly.js not to inject a <style>: its own rules, and the
// map library it bundles (which checks for an element with this id, the hash of its CSS;
// tests/notebooks/test_plotly_bundle.py checks the installed plotly.js still uses it).
const STYLE_MARKER_ID = "plotly.js-style-global";
export const MAPLIBRE_STYLE_ID = "9f215cf04c5486422605d13261cb87401f4e7763b6296af81e98efbc0130da53";
const BUNDLE = new URL("../vendor/plotly.js", import.meta.url).href;
// Keys of a figure that carry plotly.js's own settings, never taken from the data.
const CONFIG = Object.freeze({
  displayModeBar: false,
  displaylogo: false,
  showLink: false,
  showTips: false,
  responsive: true,
  scrollZoom: false,
  doubleClick: "reset",
  typesetMath: false,
});
let loading = null;

function markNoInlineStyles() {
  for (const id of [STYLE_MARKER_ID, MAPLIBRE_STYLE_ID]) {
    if (document.getElementById(id)) continue;
    const marker = document.createElement("meta");
    marker.id = id;
    marker.className = "no-inline-styles";
    document.head.append(marker);
  }
}

/** plotly.js, loaded once per page. */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    markNoInlineStyles();
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = BUNDLE;
      script.addEventListener("load", () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("The Plotly library did not load."))));
      script.addEventListener("error", () => {
        loading = null;
        script.remove();
        reject(new Error("The Plotly library did not load."));
      });
      document.head.append(script);
    });
  }
  return loading;
}

/** The `plotly` kind: `{figure: {data, layout}}`. */
export async function renderPlotly(target, output, context) {
  const figure = output.figure && typeof output.figure === "object" ? output.figure : null;
  if (!figure || !Array.isArray(figure.data)) throw new Error("The figure has no data.");
  const Plotly = await loadPlotly();
  const plot = document.createElement("div");
  plot.className = "gb-plotly";
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", context.title);
  target.append(plot);
  const layout = figure.layout && typeof figure.layout === "object" ? figure.layout : {};
  await Plotly.newPlot(plot, figure.data, { ...layout, autosize: true }, CONFIG);
  return () => Plotly.purge(plot);
}
