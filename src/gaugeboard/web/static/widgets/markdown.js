// The `markdown` kind: the server parses the markdown into a tree of
// {tag, children, href?} and {text} nodes; the page builds elements from an allow-list
// of tags with createElement. Anything else keeps only its text. Notebooks add pictures
// ({tag: "img", src, alt}: http(s) or raster data: addresses only) and a folded traceback
// (details/summary); `tone` ("error", "stderr", "code") only picks a style.

import { h } from "../dom.js";
import { imageUrl, linkUrl } from "../urls.js";

const ALLOWED = new Set([
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
  "blockquote", "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del",
  "details", "summary",
]);
const TONES = new Set(["error", "stderr", "code"]);

function picture(node) {
  const src = imageUrl(node.src);
  const alt = typeof node.alt === "string" ? node.alt : "";
  if (src === null) return alt ? document.createTextNode(alt) : null;
  const image = h("img", { class: "gb-markdown-image", alt, decoding: "async", loading: "lazy" });
  image.src = src;
  return image;
}
const MAX_DEPTH = 64;

function build(node, depth) {
  if (node === null || typeof node !== "object") return null;
  if (typeof node.text === "string") return document.createTextNode(node.text);
  const children = Array.isArray(node.children) ? node.children : [];
  const tag = typeof node.tag === "string" ? node.tag.toLowerCase() : "";
  if (depth > MAX_DEPTH) return document.createTextNode("…");
  if (tag === "img") return picture(node);
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
  const tone = TONES.has(output.tone) ? ` gb-markdown-${output.tone}` : "";
  const box = h("div", { class: `gb-markdown${tone}` });
  for (const node of Array.isArray(output.nodes) ? output.nodes : []) {
    const built = build(node, 0);
    if (built) box.append(built);
  }
  target.append(box);
  return null;
}
