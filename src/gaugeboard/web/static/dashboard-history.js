// Version history of a dashboard (in the page's history dialog): every saved version with
// who, when and why; what changed between it and the current version; and, for those who
// may change the dashboard, restoring it as a new version after a confirmation.

import { call, confirmed, localTime, showProblems } from "./action-calls.js";
import { h } from "./dom.js";

const ACTIONS = { create: "Created", update: "Saved", restore: "Restored", delete: "Deleted", import: "Imported", clone: "Copied" };
const MAX_SHOWN = 400;

/** A JSON value as short text for the diff (long values are cut). */
function shortText(value) {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function changeItem(change) {
  const verb = { add: "Added", remove: "Removed", change: "Changed" }[change.op] || change.op;
  return h(
    "li",
    { class: `gb-diff-${change.op}` },
    h("strong", {}, `${verb} `),
    h("code", {}, change.path),
    change.op !== "add" ? h("div", { class: "gb-diff-old" }, h("span", { class: "gb-visually-hidden" }, "Before: "), shortText(change.old)) : null,
    change.op !== "remove" ? h("div", { class: "gb-diff-new" }, h("span", { class: "gb-visually-hidden" }, "After: "), shortText(change.new)) : null,
  );
}

/** Set up the dialog; returns the function that opens it. */
export function setUpHistory(dialog, api) {
  const list = dialog.querySelector("#gb-history-list");
  const errors = dialog.querySelector(".gb-errors");
  const diff = dialog.querySelector("#gb-diff");
  const mayRestore = list.dataset.mayRestore === "true";
  let newest = 0;

  async function showDiff(version) {
    showProblems(errors, null);
    try {
      const answer = await call("GET", `${api}/diff?from=${version}&to=${newest}`);
      dialog.querySelector("#gb-diff-title").textContent = `Changes from version ${answer.from} to version ${answer.to}`;
      const items = answer.changes.map(changeItem);
      dialog.querySelector("#gb-diff-list").replaceChildren(...(items.length ? items : [h("li", {}, "No changes.")]));
      diff.hidden = false;
    } catch (error) {
      showProblems(errors, error);
    }
  }

  async function restore(version) {
    if (!(await confirmed(`Restore version ${version}? It is saved as a new version; nothing is lost.`, "Restore"))) return;
    try {
      await call("POST", `${api}/versions/${version}/restore`);
      window.location.reload();
    } catch (error) {
      showProblems(errors, error);
    }
  }

  function row(item) {
    const label = `${ACTIONS[item.action] || item.action} by ${item.author || "someone"}`;
    const current = item.version === newest;
    return h(
      "li",
      { class: "gb-history-item", "data-version": item.version },
      h("span", { class: "gb-history-version" }, `Version ${item.version}${current ? " (current)" : ""}`),
      " ",
      h("span", {}, label),
      " · ",
      localTime(item.created_at),
      item.note ? h("span", { class: "gb-history-note" }, ` — ${item.note}`) : null,
      current ? null : h("button", { type: "button", class: "gb-secondary", "data-diff": item.version }, "Show changes since"),
      current || !mayRestore ? null : h("button", { type: "button", class: "gb-secondary", "data-restore": item.version }, "Restore"),
    );
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button?.dataset.diff) showDiff(Number(button.dataset.diff));
    if (button?.dataset.restore) restore(Number(button.dataset.restore));
  });

  return async () => {
    showProblems(errors, null);
    diff.hidden = true;
    dialog.showModal();
    try {
      const answer = await call("GET", `${api}/versions`);
      newest = Math.max(0, ...answer.items.map((item) => item.version));
      list.replaceChildren(...answer.items.slice().reverse().map(row));
    } catch (error) {
      showProblems(errors, error);
    }
  };
}
