// A new dashboard's name (the last part of its address) follows its title until the author
// types a name of their own, so "Sales by region" saves as sales-by-region without a detour
// through a validation error. The rules match dashboards/paths.py: 1-100 letters, digits,
// '_', '.' or '-', starting with a letter or digit, never "..".

const MAX_NAME = 100;

/** The name a title suggests ("" when the title has no letter or digit). */
export function nameFromTitle(title) {
  const plain = String(title).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const dashed = plain.replace(/[^a-z0-9_.-]+/g, "-").replace(/\.{2,}/g, ".").replace(/-{2,}/g, "-");
  return dashed.replace(/^[^a-z0-9]+/, "").slice(0, MAX_NAME).replace(/[-.]+$/, "");
}

/** Whether ``name`` is still the one ``title`` suggested, perhaps with the server's "-2"
 * suffix for a taken name, or empty: then it may follow the title. */
export function followsTitle(name, title) {
  const suggested = nameFromTitle(title);
  if (!name || name === suggested) return true;
  const suffix = name.startsWith(`${suggested}-`) ? name.slice(suggested.length + 1) : "";
  return /^[0-9]+$/.test(suffix);
}
