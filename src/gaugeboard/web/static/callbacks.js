// window.gaugeboard: functions a host page's own script registers per widget id; they run
// after that widget is drawn, in the order registered, as fn(element, output, ...args).

const registry = new Map();

/** Register `fn` to run after widget `widgetId` renders; `args` are passed after the output. */
export function registerCallback(widgetId, fn, args = []) {
  if (typeof fn !== "function") throw new TypeError("registerCallback needs a function");
  const id = String(widgetId);
  if (!registry.has(id)) registry.set(id, []);
  registry.get(id).push({ fn, args: Array.isArray(args) ? args : [args] });
}

/** Every registered callback by widget id: {widgetId: [fn, ...]}. */
export function listCallbacks() {
  return Object.fromEntries([...registry].map(([id, entries]) => [id, entries.map((entry) => entry.fn)]));
}

/** Run the callbacks of `widgetId`; one that throws is reported and the rest still run. */
export function runCallbacks(widgetId, element, output) {
  for (const { fn, args } of registry.get(widgetId) || []) {
    try {
      fn(element, output, ...args);
    } catch (error) {
      window.reportError(error);
    }
  }
}
