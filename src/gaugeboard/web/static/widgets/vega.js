// Vega-Lite charts (and the sparklines of number widgets) drawn by vega-embed from the
// bundle shipped in the vl-convert Python package. The expression interpreter (ast: true)
// keeps the page free of 'unsafe-eval'; the colours follow the widget's CSS variables.

function cssVariable(style, name, fallback) {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

/** Axis, legend and title colours from the theme of the element's grid. */
export function themeConfig(element) {
  const style = getComputedStyle(element);
  const fg = cssVariable(style, "--gb-fg", "#1d2330");
  const muted = cssVariable(style, "--gb-muted", "#5b6475");
  const border = cssVariable(style, "--gb-border", "#d9dde5");
  return {
    background: "transparent",
    axis: { labelColor: fg, titleColor: fg, domainColor: muted, tickColor: muted, gridColor: border },
    legend: { labelColor: fg, titleColor: fg },
    header: { labelColor: fg, titleColor: fg },
    title: { color: fg, subtitleColor: muted },
    view: { stroke: border },
  };
}

/** Draw `spec` into `target`; resolves to a cleanup function. */
export async function embed(target, spec) {
  if (typeof window.vegaEmbed !== "function") {
    throw new Error("The chart library did not load.");
  }
  if (!spec || typeof spec !== "object") throw new Error("The chart has no specification.");
  const result = await window.vegaEmbed(target, spec, {
    actions: false,
    ast: true,
    renderer: "svg",
    defaultStyle: false,
    config: themeConfig(target),
    // vega-tooltip would inject a <style> element, which the CSP refuses; our CSS styles it.
    tooltip: { disableDefaultStyle: true },
  });
  return () => result.finalize();
}

// Single-view specs (a mark or layers) without a height fill the widget's height.
function fittedSpec(spec) {
  if (!spec || typeof spec !== "object" || "height" in spec) return spec;
  return "mark" in spec || "layer" in spec ? { ...spec, height: "container" } : spec;
}

/** The `vega-lite` kind: `{spec}`. */
export async function renderVegaLite(target, output, context) {
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", context.title);
  return embed(target, fittedSpec(output.spec));
}
