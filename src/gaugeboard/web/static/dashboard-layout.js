// Where each widget goes. Grid: x/y/w/h in columns and rows of a 12-column grid. Freeform:
// the same keys in pixels. The numbers become CSS variables; gaugeboard.css places the
// widgets with them, and stacks them one per row on narrow screens.

const GRID_COLUMNS = 12;

function whole(value, fallback, minimum) {
  const number = Math.trunc(Number(value));
  return Number.isFinite(number) && number >= minimum ? number : fallback;
}

function positionOf(section) {
  return {
    x: whole(section.dataset.x, 0, 0),
    y: whole(section.dataset.y, 0, 0),
    w: whole(section.dataset.w, 6, 1),
    h: whole(section.dataset.h, 4, 1),
  };
}

// Grid cells ("row:column") taken by the widgets placed so far.
function cellsOf({ x, y, w, h }) {
  const cells = [];
  for (let row = y; row < y + h; row += 1) {
    for (let column = x; column < x + w; column += 1) cells.push(`${row}:${column}`);
  }
  return cells;
}

function placeOnGrid(section, taken) {
  const { x, y, w, h } = positionOf(section);
  const width = Math.min(w, GRID_COLUMNS);
  const box = { x: Math.min(x, GRID_COLUMNS - width), y, w: width, h };
  const cells = cellsOf(box);
  // A widget whose box overlaps an earlier one (documents that leave positions at their
  // defaults) flows into the first free place instead of covering it.
  const free = cells.every((cell) => !taken.has(cell));
  cells.forEach((cell) => free && taken.add(cell));
  section.style.setProperty("--gb-col", free ? String(box.x + 1) : "auto");
  section.style.setProperty("--gb-row", free ? String(box.y + 1) : "auto");
  section.style.setProperty("--gb-w", String(width));
  section.style.setProperty("--gb-h", String(h));
  section.dataset.placed = free ? "position" : "flow";
}

function placeFreely(section) {
  const { x, y, w, h } = positionOf(section);
  section.style.setProperty("--gb-left", `${x}px`);
  section.style.setProperty("--gb-top", `${y}px`);
  section.style.setProperty("--gb-width", `${w}px`);
  section.style.setProperty("--gb-height", `${h}px`);
  return { right: x + w, bottom: y + h };
}

/** On narrow screens widgets stack top to bottom, then left to right, as they sit. */
function setStackOrder(sections) {
  const ranked = sections.map((section, index) => ({ section, index, ...positionOf(section) }));
  ranked.sort((a, b) => a.y - b.y || a.x - b.x || a.index - b.index);
  ranked.forEach(({ section }, rank) => section.style.setProperty("--gb-order", String(rank)));
}

/** Place every widget section of `grid` by its data-x/y/w/h. */
export function placeWidgets(grid) {
  const sections = [...grid.querySelectorAll(".gb-widget")];
  setStackOrder(sections);
  if (grid.dataset.layout === "freeform") {
    let bottom = 0;
    let right = 0;
    for (const section of sections) {
      const edge = placeFreely(section);
      bottom = Math.max(bottom, edge.bottom);
      right = Math.max(right, edge.right);
    }
    grid.style.setProperty("--gb-canvas-height", `${bottom}px`);
    grid.style.setProperty("--gb-canvas-width", `${right}px`);
  } else {
    const taken = new Set();
    sections.forEach((section) => placeOnGrid(section, taken));
  }
}
