// The trash page: each Restore button brings its dashboard back through the API and opens
// it at its old address.

import { call, showProblems } from "./action-calls.js";
import "./local-time.js";

const status = document.getElementById("gb-trash-status");
const table = document.getElementById("gb-trash");

table?.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-restore]");
  if (!button) return;
  button.disabled = true;
  showProblems(status, null);
  try {
    const answer = await call("POST", button.dataset.restore);
    const path = answer.dashboard.path.split("/").map(encodeURIComponent).join("/");
    status.textContent = `Restored ${answer.dashboard.path}.`;
    button.closest("tr").remove();
    window.location.assign(`${table.dataset.browse}${path}`);
  } catch (error) {
    showProblems(status, error);
    button.disabled = false;
  }
});
