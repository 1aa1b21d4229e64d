// Show every <time class="gb-local-time" datetime="…Z"> in the reader's local time. The
// server writes UTC ISO 8601 (readable without JS); the UTC value stays in the tooltip.

const FORMAT = { dateStyle: "medium", timeStyle: "short" };

/** Replace the text of each UTC time under `root` with its local rendering. */
export function localizeTimes(root = document) {
  for (const element of root.querySelectorAll("time.gb-local-time[datetime]")) {
    const utc = element.getAttribute("datetime");
    const when = new Date(utc);
    if (Number.isNaN(when.getTime())) continue;
    element.textContent = when.toLocaleString(undefined, FORMAT);
    element.title = `${utc} (UTC)`;
  }
}

localizeTimes();
