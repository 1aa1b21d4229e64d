// The `markdown` kind: the server parses the markdown into a tree of
// {tag, children, href?} and {text} nodes; the page builds elements from an allow-list
// of tags with createElement. Anything else keeps only its text.

import { h } from "../dom.js";
import { linkUrl } from "../urls.js";

const ALLOWED = new Set([
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
  "blockquote", "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del",
]);
const MAX_DEPTH = 64;

function build(node, depth) {
  if (node === null || typeof node !== "object") return null;
  if (typeof node.text === "string") return document.createTextNode(node.text);
  const children = Array.isArray(node.children) ? node.children : [];
  const tag = typeof node.tag === "string" ? node.tag.toLowerCase() : "";
  if (depth > MAX_DEPTH) return document.createTextNode("…");
  const built = children.map((child) => build(child, depth + 1)).filter(Boolean);
  if (!ALLOWED.has(tag)) {
    const fragment = document.createDocumentFragment();
    fragment.append(...built);
    return fragment;
  }
  const element = document.createElement(tag);
  if (tag === "a") {
    const href = linkUrl(node.href);
    if (href === null) {
      const fragment = document.createDocumentFragment();
      fragment.append(...built);
      return fragment;
    }
    element.setAttribute("href", href);
    element.setAttribute("rel", "noopener noreferrer");
  }
  element.append(...built);
  return element;
}

/** The `markdown` kind: `{nodes: [...]}`. */
export function renderMarkdown(target, output) {
  const box = h("div", { class: "gb-markdown" });
  for (const node of Array.isArray(output.nodes) ? output.nodes : []) {
    const built = build(node, 0);
    if (built) box.append(built);
  }
  target.append(box);
  return null;
}
