// The actions of a dashboard's page (partials/dashboard_actions.html): the star, and the
// "More actions" menu opening version history, embed links, rename or move, duplicate and
// delete. Each goes through the JSON API; destructive ones ask first.

import { call, confirmed, showProblems } from "./action-calls.js";
import { setUpEmbeds } from "./dashboard-embeds.js";
import { setUpHistory } from "./dashboard-history.js";

const root = document.getElementById("gb-dashboard-actions");
const api = root.dataset.api;

function pageOf(path) {
  return `${root.dataset.browse}${path.split("/").map(encodeURIComponent).join("/")}`;
}

function setUpStar() {
  const button = root.querySelector(".gb-star");
  button.addEventListener("click", async () => {
    const starring = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    try {
      const answer = await call(starring ? "PUT" : "DELETE", `${api}/star`);
      button.setAttribute("aria-pressed", answer.starred ? "true" : "false");
      button.querySelector(".gb-star-mark").textContent = answer.starred ? "★" : "☆";
      button.querySelector(".gb-star-label").textContent = answer.starred ? "Starred" : "Star";
    } catch (error) {
      button.title = error.message;
    } finally {
      button.disabled = false;
    }
  });
}

function setUpRename() {
  const dialog = document.getElementById("gb-rename-dialog");
  if (!dialog) return;
  const form = dialog.querySelector("form");
  const errors = form.querySelector(".gb-errors");
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showProblems(errors, null);
    try {
      const current = await call("GET", api);
      const document_ = {
        ...current.document,
        title: form.elements.title.value.trim(),
        name: form.elements.name.value.trim(),
        folder: form.elements.folder.value.trim().replace(/^\/+|\/+$/g, ""),
      };
      const version = current.dashboard.version;
      const saved = await call("PUT", `${api}?version=${version}&note=${encodeURIComponent("Renamed or moved")}`, document_);
      window.location.assign(pageOf(saved.dashboard.path));
    } catch (error) {
      showProblems(errors, error);
    }
  });
}

async function duplicate(status) {
  try {
    const answer = await call("POST", `${api}/clone`);
    window.location.assign(pageOf(answer.dashboard.path));
  } catch (error) {
    showProblems(status, error);
    status.hidden = false;
  }
}

async function remove(status) {
  const title = document.querySelector(".gb-dashboard-head h1")?.textContent || "this dashboard";
  if (!(await confirmed(`Delete “${title}”? It goes to the trash, where an editor can restore it.`, "Delete"))) return;
  try {
    await call("DELETE", api);
    const folder = root.dataset.path.split("/").slice(0, -1).join("/");
    window.location.assign(folder ? pageOf(`${folder}/`) : root.dataset.browse);
  } catch (error) {
    showProblems(status, error);
    status.hidden = false;
  }
}

function setUpMenu() {
  const menu = root.querySelector(".gb-actions-menu");
  const status = document.querySelector(".gb-dashboard-notice");
  const openers = {
    history: setUpHistory(document.getElementById("gb-history-dialog"), api),
    embeds: setUpEmbeds(document.getElementById("gb-embeds-dialog"), api, root.dataset.embedRevoke),
    rename: () => document.getElementById("gb-rename-dialog").showModal(),
    duplicate: () => duplicate(status),
    delete: () => remove(status),
  };
  menu.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    menu.open = false;
    openers[button.dataset.action]?.();
  });
}

setUpStar();
setUpRename();
setUpMenu();
