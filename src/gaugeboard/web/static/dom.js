// Small DOM helpers. Server data only ever becomes text nodes or attribute values here:
// nothing is parsed as HTML.

/**
 * Create an element. `attributes` are set with setAttribute (values become strings;
 * null/undefined/false skip the attribute); children are nodes or strings (text nodes).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Append nodes and strings (as text), skipping null and undefined, flattening arrays. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Text of any JSON scalar, as a cell or a label shows it ("" for null). */
export function textOf(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// gaugeboard events with a flask_jsondash counterpart are dispatched under both names, so
// scripts written against jsondash (document.addEventListener("jsondash.init", …), or
// jQuery's $(document).on) keep working.
export const JSONDASH_EVENTS = Object.freeze({
  "gaugeboard:init": "jsondash.init",
  "gaugeboard:widget:added": "jsondash.widget.added",
  "gaugeboard:widget:updated": "jsondash.widget.updated",
  "gaugeboard:widget:deleted": "jsondash.widget.deleted",
  "gaugeboard:widget:refresh": "jsondash.widget.refresh",
});

/** Dispatch a bubbling gaugeboard event on `target` (and its jsondash twin, if any). */
export function emit(target, name, detail) {
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
  const twin = JSONDASH_EVENTS[name];
  if (twin) target.dispatchEvent(new CustomEvent(twin, { bubbles: true, detail }));
}
