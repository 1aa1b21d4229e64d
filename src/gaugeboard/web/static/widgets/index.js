// Which function draws each output kind. A renderer gets (target, output, context) and
// returns (or resolves to) a cleanup function or null; throwing shows the widget's error.

import { renderHtml, renderIframe, renderImage } from "./embeds.js";
import { renderMarkdown } from "./markdown.js";
import { renderNumber, renderNumberGroup } from "./number.js";
import { renderOutputs } from "./outputs.js";
import { renderPlotly } from "./plotly.js";
import { renderTable } from "./table.js";
import { renderTimeline } from "./timeline.js";
import { renderVega, renderVegaLite } from "./vega.js";

export const RENDERERS = new Map([
  ["vega-lite", renderVegaLite],
  ["number", renderNumber],
  ["number-group", renderNumberGroup],
  ["table", renderTable],
  ["markdown", renderMarkdown],
  ["html", renderHtml],
  ["iframe", renderIframe],
  ["image", renderImage],
  ["timeline", renderTimeline],
  ["plotly", renderPlotly],
  ["vega", renderVega],
  ["outputs", renderOutputs],
]);
