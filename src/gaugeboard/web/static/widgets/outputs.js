// The `outputs` kind: a notebook cell with several outputs (or its code and its outputs),
// each part drawn in order by the renderer of its own kind. A part that failed shows its
// error in its place; the others are drawn.

import { h } from "../dom.js";
import { RENDERERS } from "./index.js";

/** The `outputs` kind: `{parts: [output, ...]}`. */
export async function renderOutputs(target, output, context) {
  const cleanups = [];
  for (const part of Array.isArray(output.parts) ? output.parts : []) {
    const kind = part && typeof part.kind === "string" ? part.kind : "error";
    const box = h("div", { class: "gb-part", "data-kind": part && part.ok === true ? kind : "error" });
    target.append(box);
    const render = part && part.ok === true && kind !== "outputs" ? RENDERERS.get(kind) : null;
    if (!render) {
      const message = part && typeof part.error === "string" ? part.error : `This output (${kind}) cannot be drawn.`;
      box.append(h("p", { class: "gb-part-error", role: "status" }, message));
      continue;
    }
    try {
      const cleanup = await render(box, part, context);
      if (typeof cleanup === "function") cleanups.push(cleanup);
    } catch (error) {
      box.replaceChildren(h("p", { class: "gb-part-error", role: "status" }, `This output could not be drawn: ${error?.message || error}`));
    }
  }
  return () => cleanups.forEach((cleanup) => cleanup());
}
