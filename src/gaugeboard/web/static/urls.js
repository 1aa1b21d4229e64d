// Which addresses widgets may put in links, frames and images. The server checks them
// first (widgets/content/urls.py); the page checks again with the same rules, so a bad
// address never reaches an attribute. tests/widgets/test_url_rules_agree.py runs both
// sides on one list of cases.

const MAX_URL_LENGTH = 4000;
const MAX_DATA_URL_LENGTH = 5_000_000;
// Spaces and control characters: refused in http(s) addresses.
const CONTROL = /[\u0000-\u0020\u007f]/;
// Browsers drop tabs and newlines anywhere in a URL (so "java\tscript:" is "javascript:").
const DROPPED = /[\t\n\r]/g;
const HTTP = /^https?:\/\//i;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function trimmed(value) {
  return typeof value === "string" ? value.trim() : "";
}

/** The absolute http(s) URL `value` names (with a host, no spaces), or null. */
export function httpUrl(value) {
  const text = trimmed(value);
  if (text.length > MAX_URL_LENGTH || CONTROL.test(text) || !HTTP.test(text)) return null;
  try {
    const url = new URL(text);
    return url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/** A path of this site ("/examples/chart.html"), or null. A backslash or a dropped
 * control character could turn it into "//host" (another site), so both are refused. */
export function sameOriginPath(value) {
  const text = trimmed(value);
  if (text.length > MAX_URL_LENGTH || !text.startsWith("/") || text.startsWith("//")) return null;
  return CONTROL.test(text) || text.includes("\\") ? null : text;
}

/** A page an iframe widget may show: an absolute http(s) URL or a path of this site. */
export function frameUrl(value) {
  return sameOriginPath(value) ?? httpUrl(value);
}

/** An image source: an absolute http(s) URL or a base64 png/jpeg/gif/webp data URL; otherwise null. */
export function imageUrl(value) {
  const text = trimmed(value);
  if (text.slice(0, 5).toLowerCase() !== "data:") return httpUrl(text);
  return text.length <= MAX_DATA_URL_LENGTH && DATA_IMAGE.test(text) ? text : null;
}

/** A link target: http, https, mailto, or relative to this page; otherwise null. */
export function linkUrl(value) {
  const text = typeof value === "string" ? value.replace(DROPPED, "").trim() : "";
  if (text === "" || CONTROL.test(text.replaceAll(" ", ""))) return null;
  const scheme = SCHEME.exec(text);
  if (scheme === null) return text;
  return ["http", "https", "mailto"].includes(scheme[1].toLowerCase()) ? text : null;
}
