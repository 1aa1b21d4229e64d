// gaugeboard's event tracker for web pages: <script src="https://YOUR-GAUGEBOARD/static/track.js">
//
//   const tracker = new events("gbk_…", "https://YOUR-GAUGEBOARD");   // the reference's class
//   tracker.identify("ann@example.com");
//   tracker.track("Signup", { plan: "pro" });
//   tracker.push({ _n: "Purchase", amount: 12.5 });                     // raw tracking keys
//
// Events are queued and sent together as one JSON batch to `${endpoint}/e?_k=KEY`, at most
// every `flushMs` milliseconds and when the page is hidden, with navigator.sendBeacon (so a
// closing tab still delivers) or fetch(keepalive) where beacons are unavailable.
(function () {
  "use strict";

  const MAX_BATCH = 1000;

  class events {
    constructor(key, endpoint, options = {}) {
      if (!key) throw new Error("gaugeboard events: an event key is required");
      this.key = key;
      this.endpoint = String(endpoint || "").replace(/\/+$/, "");
      this.flushMs = options.flushMs ?? 2000;
      this.person = options.person ?? null;
      this.queue = [];
      this.timer = null;
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.flush();
      });
    }

    identify(person) {
      this.person = person == null ? null : String(person);
    }

    track(name, properties = {}) {
      this.push({ ...properties, _n: name });
    }

    push(event) {
      const item = { _t: Date.now() / 1000, ...event };
      if (this.person !== null && item._p === undefined) item._p = this.person;
      this.queue.push(item);
      if (this.queue.length >= MAX_BATCH) {
        this.flush();
      } else if (this.timer === null) {
        this.timer = setTimeout(() => this.flush(), this.flushMs);
      }
    }

    flush() {
      if (this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const url = `${this.endpoint}/e?_k=${encodeURIComponent(this.key)}`;
        const body = JSON.stringify(batch);
        // text/plain keeps this a "simple" request: no CORS preflight, beacons allowed.
        const blob = new Blob([body], { type: "text/plain" });
        if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob))) {
          fetch(url, { method: "POST", body, keepalive: true, headers: { "Content-Type": "text/plain" } });
        }
      }
    }
  }

  window.events = events;
  window.gaugeboard = Object.assign(window.gaugeboard || {}, { events });
})();
