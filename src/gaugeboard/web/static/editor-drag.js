// Moving and resizing widgets on the editor's canvas, with a pointer (drag the widget,
// or its right edge, bottom edge or corner) or the keyboard (arrow keys move the focused
// widget, Shift+arrow keys resize it). A drag shows each step at once and becomes one
// change of the document when the pointer is let go.

import { clampBox, pitchOf } from "./editor-geometry.js";

const KEY_STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const FREEFORM_KEY_STEP = 10;

function boxAfter(kind, start, dx, dy) {
  if (kind === "move") return { ...start, x: start.x + dx, y: start.y + dy };
  return {
    ...start,
    w: kind === "s" ? start.w : start.w + dx,
    h: kind === "e" ? start.h : start.h + dy,
  };
}

function same(a, b) {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/**
 * Listen on `canvas` for drags and keys on its `.gb-widget` sections. `hooks`:
 * layout() → "grid" | "freeform"; box(id) → the stored box; show(id, box) draws a box
 * for the moment; commit(id, box) stores it; select(id).
 */
export function enableDrag(canvas, hooks) {
  let drag = null;

  canvas.addEventListener("pointerdown", (event) => {
    const section = event.target.closest(".gb-widget");
    if (!section || event.button !== 0 || event.target.closest("button, a, input, select, textarea")) return;
    const id = section.dataset.widgetId;
    hooks.select(id);
    const handle = event.target.closest("[data-edge]");
    const layout = hooks.layout();
    drag = {
      id,
      section,
      kind: handle ? handle.dataset.edge : "move",
      layout,
      pitch: pitchOf(canvas, layout),
      startX: event.clientX,
      startY: event.clientY,
      start: hooks.box(id),
      box: hooks.box(id),
      pointer: event.pointerId,
    };
    section.setPointerCapture(event.pointerId);
    section.classList.add("gb-dragging");
    event.preventDefault();
  });

  canvas.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const dx = Math.round((event.clientX - drag.startX) / drag.pitch.x);
    const dy = Math.round((event.clientY - drag.startY) / drag.pitch.y);
    const box = clampBox(drag.layout, boxAfter(drag.kind, drag.start, dx, dy));
    if (same(box, drag.box)) return;
    drag.box = box;
    hooks.show(drag.id, box);
  });

  const finish = (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const done = drag;
    drag = null;
    done.section.classList.remove("gb-dragging");
    if (done.section.hasPointerCapture(event.pointerId)) done.section.releasePointerCapture(event.pointerId);
    if (event.type === "pointercancel") hooks.show(done.id, done.start);
    else if (!same(done.box, done.start)) hooks.commit(done.id, done.box);
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  canvas.addEventListener("keydown", (event) => {
    const section = event.target;
    const step = KEY_STEPS[event.key];
    if (!step || !section.classList?.contains("gb-widget") || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    const layout = hooks.layout();
    const unit = layout === "freeform" ? FREEFORM_KEY_STEP : 1;
    const [dx, dy] = [step[0] * unit, step[1] * unit];
    const id = section.dataset.widgetId;
    const start = hooks.box(id);
    const box = clampBox(layout, event.shiftKey ? { ...start, w: start.w + dx, h: start.h + dy } : { ...start, x: start.x + dx, y: start.y + dy });
    if (!same(box, start)) hooks.commit(id, box);
  });
}
