// What the query builder offers: event names and property keys from the event catalog
// (GET /api/event/names), read once per page, and the IANA time zones the page carries
// (#gb-zones, written by the server from the zones its query model accepts).

import { requestJson } from "./explorer-api.js";

// With no event chosen ("All events"), the keys of this many of the most used events.
const ALL_EVENTS_SAMPLE = 5;

export class EventCatalog {
  constructor(namesUrl) {
    this.url = namesUrl;
    this.names = null;
    this.properties = new Map();
  }

  /** [{name, count}] of the tracked events (cached); throws ApiError on failure. */
  async eventNames() {
    if (!this.names) {
      this.names = requestJson(this.url).then(({ body }) => body.names);
      this.names.catch(() => {
        this.names = null;
      });
    }
    return this.names;
  }

  /** [{key, types}] of event `name`, or of the most used events when name is "". */
  async propertiesOf(name) {
    if (!this.properties.has(name)) {
      const loading = name ? this.fetchProperties(name) : this.mergedProperties();
      this.properties.set(name, loading.catch(() => []));
    }
    return this.properties.get(name);
  }

  async fetchProperties(name) {
    const { body } = await requestJson(`${this.url}?name=${encodeURIComponent(name)}`);
    return body.properties;
  }

  async mergedProperties() {
    const names = (await this.eventNames()).slice(0, ALL_EVENTS_SAMPLE).map((item) => item.name);
    const lists = await Promise.all(names.map((name) => this.propertiesOf(name)));
    const merged = new Map();
    for (const item of lists.flat()) {
      const known = merged.get(item.key);
      merged.set(item.key, known ? { key: item.key, types: [...new Set([...known.types, ...item.types])] } : item);
    }
    return [...merged.values()];
  }
}

/** The page's IANA time zones (from #gb-zones), or the browser's own list. */
export function pageZones() {
  const carried = document.getElementById("gb-zones");
  if (carried) {
    try {
      const zones = JSON.parse(carried.textContent);
      if (Array.isArray(zones) && zones.length) return zones;
    } catch {
      // fall through to the browser's list
    }
  }
  try {
    return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  } catch {
    return ["UTC"];
  }
}
