// Checks a value against a dashboard input's pattern away from the page. The browser's
// regex engine backtracks, so a pattern such as (a+)+b can run for minutes on a short
// value: here that blocks only this worker, which the page ends when it takes too long.
self.onmessage = (event) => {
  const { source, value } = event.data;
  let verdict;
  try {
    verdict = new RegExp(`^(?:${source})$`, "v").test(value) ? "match" : "mismatch";
  } catch {
    verdict = "unknown"; // the browser cannot compile it: the server decides
  }
  self.postMessage(verdict);
};
