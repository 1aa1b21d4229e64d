// Vega-Lite charts (and the sparklines of number widgets) drawn by vega-embed from the
// bundle shipped in the vl-convert Python package. The expression interpreter (ast: true)
// keeps the page free of 'unsafe-eval'; the colours follow the widget's CSS variables.
// The page's options are the only ones: Vega-Embed lays a spec's `usermeta.embedOptions`
// over them (a `patch` that rewrites the compiled spec, actions, "View Source"), so the
// spec loses `usermeta` here too, even though the server already dropped it.

const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json";
// Keys of a spec that Vega-Embed reads as its own options (and `__proto__`, which a copy
// would take as the object's prototype).
const EMBED_OPTION_KEYS = new Set(["usermeta", "__proto__"]);
// Keys that hold data, copied as they are.
const DATA_KEYS = new Set(["data", "datasets"]);

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
    text: { color: fg },
    view: { stroke: border },
  };
}

/** A copy of `spec` without `usermeta` anywhere (top level, layers, concat, facet and
 * repeat specs), always read as Vega-Lite: no `$schema` of the spec picks plain Vega. */
export function withoutEmbedOptions(node) {
  if (Array.isArray(node)) return node.map(withoutEmbedOptions);
  if (!node || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (EMBED_OPTION_KEYS.has(key)) continue;
    copy[key] = DATA_KEYS.has(key) ? value : withoutEmbedOptions(value);
  }
  return copy;
}

// Below this width (px) a chart's legend goes under the plot, in two columns.
const NARROW = 420;
// A chart title's font size (px) by the widget's width: [widest width, size] steps, then
// TITLE_WIDE. A title wider than the chart less TITLE_MARGIN ends in an ellipsis.
const TITLE_STEPS = [
  [300, 11],
  [500, 13],
];
const TITLE_WIDE = 15;
const TITLE_MARGIN = 16;

/** The title's size for a chart `width` px wide, and its limit (Vega cuts with "…"). */
export function titleConfig(width) {
  if (!width) return {};
  const step = TITLE_STEPS.find(([widest]) => width <= widest);
  return { fontSize: step ? step[1] : TITLE_WIDE, limit: Math.max(40, Math.round(width) - TITLE_MARGIN) };
}

/** Legends and titles sized to the widget: a narrow chart keeps its width for the plot. A
 * spec's own config still wins (Vega-Lite lays it over the page's). */
export function sizeConfig(width) {
  const title = titleConfig(width);
  const sized = Object.keys(title).length ? { title } : {};
  if (!width || width >= NARROW) return sized;
  return {
    ...sized,
    legend: { orient: "bottom", direction: "horizontal", columns: 2, labelLimit: Math.max(60, Math.round(width / 2) - 40) },
  };
}

function withSize(config, width) {
  const merged = { ...config };
  for (const [key, value] of Object.entries(sizeConfig(width))) merged[key] = { ...(merged[key] || {}), ...value };
  return merged;
}

// The options every chart is drawn with, whatever its spec says. Vega's text marks take
// their colour from `fill` (Vega-Lite's from `color`, which a Vega-Lite `fill` would beat).
function pageOptions(target, mode = "vega-lite") {
  const config = withSize(themeConfig(target), target.clientWidth);
  if (mode === "vega") config.text = { fill: config.text.color };
  return {
    mode,
    actions: false,
    ast: true,
    renderer: "svg",
    defaultStyle: false,
    config,
    // vega-tooltip would inject a <style> element, which the CSP refuses; our CSS styles it.
    tooltip: { disableDefaultStyle: true },
  };
}

/** Draw `spec` into `target`; resolves to a cleanup function. */
export async function embed(target, spec) {
  if (typeof window.vegaEmbed !== "function") {
    throw new Error("The chart library did not load.");
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) {
    throw new Error("The chart has no specification.");
  }
  const drawn = { ...withoutEmbedOptions(spec), $schema: VEGA_LITE_SCHEMA };
  const result = await window.vegaEmbed(target, drawn, pageOptions(target));
  return () => result.finalize();
}

/** Draw a Vega `spec` (not Vega-Lite: notebooks' `application/vnd.vega` outputs) into
 * `target`, with the same options; resolves to a cleanup function. */
export async function embedVega(target, spec) {
  if (typeof window.vegaEmbed !== "function") {
    throw new Error("The chart library did not load.");
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) {
    throw new Error("The chart has no specification.");
  }
  const drawn = { ...withoutEmbedOptions(spec), $schema: VEGA_SCHEMA };
  const result = await window.vegaEmbed(target, drawn, pageOptions(target, "vega"));
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

// Vega has no "container" size: a figure that asks to fill its widget (`size` says
// "container" for a side) gets the widget's pixels, less the spec's padding.
function sizedVega(target, spec, size) {
  if (!size || typeof size !== "object" || !spec || typeof spec !== "object") return spec;
  const padding = typeof spec.padding === "number" ? spec.padding : 0;
  const sized = { ...spec };
  const width = target.clientWidth - 2 * padding;
  const height = target.clientHeight - 2 * padding;
  if (size.width === "container" && width > 20) sized.width = width;
  if (size.height === "container" && height > 20) sized.height = height;
  else if (typeof size.height === "number") sized.height = size.height;
  return sized;
}

/** The `vega` kind: `{spec, size?}`, a Vega spec drawn at its own size, or at the
 * widget's when `size` says "container" (figures: hierarchies, word clouds, graphs…). */
export async function renderVega(target, output, context) {
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", context.title);
  return embedVega(target, sizedVega(target, output.spec, output.size));
}
