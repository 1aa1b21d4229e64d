// Positions in the two layouts: grid boxes are cells of a 12-column grid (x + w ≤ 12,
// at most 48 rows high), freeform boxes are pixels (40 to 10000 wide and high). The limits
// are the server's (dashboards/validation.py), so the editor never makes a box it refuses.

export const GRID_COLUMNS = 12;
const MAX_GRID_ROWS = 48;
const MIN_PIXELS = 40;
const MAX_PIXELS = 10_000;
const FREEFORM_WIDTH = 1200;

function clamp(value, low, high) {
  return Math.min(Math.max(Math.round(Number(value) || 0), low), high);
}

/** `box` brought inside the limits of `layout`. */
export function clampBox(layout, box) {
  if (layout === "freeform") {
    return {
      x: clamp(box.x, 0, 100_000),
      y: clamp(box.y, 0, 100_000),
      w: clamp(box.w, MIN_PIXELS, MAX_PIXELS),
      h: clamp(box.h, MIN_PIXELS, MAX_PIXELS),
    };
  }
  const w = clamp(box.w, 1, GRID_COLUMNS);
  return { x: clamp(box.x, 0, GRID_COLUMNS - w), y: clamp(box.y, 0, 100_000), w, h: clamp(box.h, 1, MAX_GRID_ROWS) };
}

/** A widget's position with the document's defaults filled in. */
export function boxOf(widget) {
  const position = widget.position || {};
  return { x: position.x ?? 0, y: position.y ?? 0, w: position.w ?? 6, h: position.h ?? 4 };
}

/** The size a new widget gets in `layout`. */
export function defaultSize(layout) {
  return layout === "freeform" ? { w: 400, h: 260 } : { w: 6, h: 4 };
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The first place (top to bottom, left to right) where a box of `size` overlaps none of `boxes`. */
export function firstFreeSpot(layout, boxes, size) {
  const step = layout === "freeform" ? 20 : 1;
  const width = layout === "freeform" ? Math.max(FREEFORM_WIDTH, size.w) : GRID_COLUMNS;
  for (let y = 0; y <= 100_000; y += step) {
    for (let x = 0; x + size.w <= width; x += step) {
      const candidate = { x, y, ...size };
      if (!boxes.some((box) => overlaps(box, candidate))) return candidate;
    }
  }
  return { x: 0, y: 0, ...size };
}

/** Boxes moved from one layout to the other, keeping their rough place and size. */
export function convertBox(from, to, box, pitch = { x: 100, y: 70 }) {
  if (from === to) return box;
  if (to === "freeform") {
    return clampBox(to, { x: box.x * pitch.x, y: box.y * pitch.y, w: box.w * pitch.x - 10, h: box.h * pitch.y - 10 });
  }
  return clampBox(to, {
    x: Math.round(box.x / pitch.x),
    y: Math.round(box.y / pitch.y),
    w: Math.max(1, Math.round(box.w / pitch.x)),
    h: Math.max(1, Math.round(box.h / pitch.y)),
  });
}

/** How many pixels one unit of position is on screen: a grid cell (with its gap), or 1. */
export function pitchOf(canvas, layout) {
  if (layout === "freeform") return { x: 1, y: 1 };
  const style = getComputedStyle(canvas);
  const columnGap = parseFloat(style.columnGap) || 0;
  const rowGap = parseFloat(style.rowGap) || 0;
  const inner = canvas.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
  const column = (inner - columnGap * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  const row = parseFloat(style.gridAutoRows) || 60;
  return { x: column + columnGap, y: row + rowGap };
}
