// Embed links of a dashboard (in the page's embed dialog): the links made so far with
// their state, a form for a new one (its address is shown once, with a copy button), and
// revoking one after a confirmation.

import { call, confirmed, localTime, showProblems } from "./action-calls.js";
import { h } from "./dom.js";

function stateOf(item) {
  if (item.revoked_at) return "revoked";
  if (item.expires_at && new Date(item.expires_at) < new Date()) return "expired";
  return "active";
}

function row(item) {
  const state = stateOf(item);
  return h(
    "li",
    { class: `gb-embed-item gb-embed-${state}`, "data-embed-id": item.id },
    h("strong", {}, item.label),
    ` · ${state} · created `,
    localTime(item.created_at),
    item.expires_at && state === "active" ? [" · expires ", localTime(item.expires_at)] : null,
    state === "active"
      ? h("button", { type: "button", class: "gb-danger", "data-revoke": item.id, "data-label": item.label }, "Revoke", h("span", { class: "gb-visually-hidden" }, ` ${item.label}`))
      : null,
  );
}

/** Set up the dialog; returns the function that opens it. */
export function setUpEmbeds(dialog, api, revokeBase) {
  if (!dialog) return null;
  const list = dialog.querySelector("#gb-embed-list");
  const form = dialog.querySelector("#gb-embed-form");
  const errors = dialog.querySelector(".gb-errors");
  const status = dialog.querySelector(".gb-action-status");
  const fresh = dialog.querySelector("#gb-embed-new");
  const url = dialog.querySelector("#gb-embed-url");

  async function load() {
    try {
      const answer = await call("GET", `${api}/embed`);
      list.replaceChildren(...(answer.items.length ? answer.items.map(row) : [h("li", { class: "gb-muted" }, "No embed links yet.")]));
    } catch (error) {
      showProblems(errors, error);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showProblems(errors, null);
    const body = { label: form.elements.label.value.trim() };
    if (form.elements.days.value) body.days = Number(form.elements.days.value);
    try {
      const answer = await call("POST", `${api}/embed`, body);
      url.value = answer.url;
      fresh.hidden = false;
      status.textContent = "Link created. Copy it now: it is not shown again.";
      form.reset();
      url.select();
      await load();
    } catch (error) {
      showProblems(errors, error);
    }
  });

  dialog.querySelector("#gb-embed-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url.value);
      status.textContent = "Link copied.";
    } catch {
      url.select();
      status.textContent = "Select the link and copy it (Ctrl+C).";
    }
  });

  list.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-revoke]");
    if (!button) return;
    if (!(await confirmed(`Revoke the embed link “${button.dataset.label}”? Pages using it stop showing the dashboard.`, "Revoke"))) return;
    showProblems(errors, null);
    try {
      await call("DELETE", `${revokeBase}${button.dataset.revoke}`);
      status.textContent = "Link revoked.";
      await load();
    } catch (error) {
      showProblems(errors, error);
    }
  });

  return () => {
    showProblems(errors, null);
    status.textContent = "";
    fresh.hidden = true;
    dialog.showModal();
    load();
  };
}
