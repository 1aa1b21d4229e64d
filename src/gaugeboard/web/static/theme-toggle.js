// The colour theme a person picks in the header: system (the default), light or dark.
// The server draws <html class="gb-ui-…"> from the gb_theme cookie, so the page's first
// paint already has the right colours (no flash); this module keeps the cookie and
// localStorage in step, switches the class at once, and tells the charts to redraw with
// the new colours ("gb-themechange" on document, also sent when the system theme changes
// while the choice is "system").

const CHOICES = ["system", "light", "dark"];
const STORAGE_KEY = "gb-theme";
const COOKIE = "gb_theme";
const ONE_YEAR = 365 * 24 * 3600;

function currentChoice() {
  const found = CHOICES.find((choice) => document.documentElement.classList.contains(`gb-ui-${choice}`));
  return found || "system";
}

function stored() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return CHOICES.includes(value) ? value : null;
  } catch {
    return null; // storage refused (private mode, sandboxed frame)
  }
}

function remember(choice) {
  try {
    window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // the cookie alone then
  }
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${COOKIE}=${choice}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secure}`;
}

function apply(choice) {
  const root = document.documentElement;
  for (const other of CHOICES) root.classList.remove(`gb-ui-${other}`);
  root.classList.add(`gb-ui-${choice}`);
}

function announce() {
  document.dispatchEvent(new CustomEvent("gb-themechange", { detail: { theme: currentChoice() } }));
}

/** Switch to `choice`, remember it, and redraw the charts. */
export function chooseTheme(choice) {
  if (!CHOICES.includes(choice)) return;
  apply(choice);
  remember(choice);
  announce();
}

function setUp() {
  const select = document.getElementById("gb-theme");
  // The cookie was lost (cleared, or another path) but the browser still remembers.
  const kept = stored();
  if (kept && kept !== currentChoice()) {
    apply(kept);
    remember(kept);
  }
  if (select) {
    select.value = currentChoice();
    select.addEventListener("change", () => chooseTheme(select.value));
  }
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => {
    if (currentChoice() === "system") announce();
  });
}

setUp();
