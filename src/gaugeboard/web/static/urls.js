// Which addresses widgets may put in links, frames and images. The server checks them
// too; the page checks again so a bad address never reaches an attribute.

// Browsers drop these anywhere in a URL (so "java\tscript:" is "javascript:").
const IGNORED = /[\u0000-\u001f\u007f]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function cleaned(value) {
  return typeof value === "string" ? value.replace(IGNORED, "").trim() : "";
}

/** The absolute http(s) URL `value` names, or null. */
export function httpUrl(value) {
  const text = cleaned(value);
  if (!SCHEME.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An image source: an absolute http(s) URL or a data:image/… URL; otherwise null. */
export function imageUrl(value) {
  const text = cleaned(value);
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(text)) return text;
  return httpUrl(text);
}

/** A link target: http, https, mailto, or relative to this page; otherwise null. */
export function linkUrl(value) {
  const text = cleaned(value);
  if (text === "") return null;
  const scheme = SCHEME.exec(text);
  if (scheme === null) return text;
  return ["http", "https", "mailto"].includes(scheme[1].toLowerCase()) ? text : null;
}
