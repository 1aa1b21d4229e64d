// Kinds that show something from elsewhere: `html` (the author's HTML in a sandboxed
// frame where nothing runs), `iframe` (an http(s) page) and `image`.

import { h } from "../dom.js";
import { httpUrl, imageUrl, sameOriginPath } from "../urls.js";

/** The `html` kind: `{html, src}` in `<iframe sandbox="">`: no script, no forms, no top
 * navigation. `src` is the same-origin address of the widget's HTML served under its own
 * policy (inline styles allowed); without it the HTML goes in `srcdoc`. */
export function renderHtml(target, output, context) {
  const frame = h("iframe", { class: "gb-embed", sandbox: "", referrerpolicy: "no-referrer", title: context.title });
  if (typeof output.src === "string" && output.src.startsWith("/")) frame.src = output.src;
  else frame.srcdoc = typeof output.html === "string" ? output.html : "";
  target.append(frame);
  return null;
}

// A page of another site keeps its own origin (its scripts need it); a path of this site is
// framed without allow-same-origin, so its scripts run as a stranger to this site and can
// neither read the viewer's session nor reach into this page.
const OTHER_SITE_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms";
const THIS_SITE_SANDBOX = "allow-scripts allow-popups allow-forms";

/** The `iframe` kind: `{url, title}`, shown only when the URL is http(s) or a path of this site. */
export function renderIframe(target, output, context) {
  const path = sameOriginPath(output.url);
  const url = path ?? httpUrl(output.url);
  if (url === null) throw new Error("This page cannot be shown: only http(s) addresses and paths of this site are embedded.");
  const frame = h("iframe", {
    class: "gb-embed",
    sandbox: path === null ? OTHER_SITE_SANDBOX : THIS_SITE_SANDBOX,
    referrerpolicy: "no-referrer",
    loading: "lazy",
    title: output.title || context.title,
  });
  frame.src = url;
  target.append(frame);
  return null;
}

/** The `image` kind: `{url, alt}`, an http(s) or data:image/… address. */
export function renderImage(target, output, context) {
  const url = imageUrl(output.url);
  if (url === null) throw new Error("This image cannot be shown: only http(s) and data:image addresses are.");
  const image = h("img", { class: "gb-image", alt: typeof output.alt === "string" ? output.alt : "", decoding: "async", loading: "lazy" });
  image.addEventListener("error", () => context.fail("The image could not be loaded."), { once: true });
  image.src = url;
  target.append(image);
  return null;
}
