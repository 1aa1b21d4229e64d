// The admin pages' changes: each form and button carrying `data-api` sends its values to
// that API address with `data-method`. After a change the page is drawn again from the
// server, except when a new secret must first be copied (it is shown once).

import { callApi } from "./admin-api.js";
import { append, h } from "./dom.js";
import { confirmDialog } from "./confirm-dialog.js";

const STATUS = document.getElementById("gb-admin-status");
const SECRET = document.getElementById("gb-admin-secret");
const DONE_KEY = "gaugeboard-admin-done";

/** The JSON body of a form: multi-selects give lists, everything else its text. */
function formBody(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled) continue;
    if (field instanceof HTMLSelectElement && field.multiple) {
      body[field.name] = Array.from(field.selectedOptions, (option) => option.value);
    } else {
      body[field.name] = field.value;
    }
  }
  return body;
}

function showErrors(place, messages) {
  if (!place) return;
  place.replaceChildren();
  append(place, messages.length > 1 ? h("ul", {}, messages.map((m) => h("li", {}, m))) : messages);
}

/** Show the new secret once (with its OAuth client id, when it has one); the page reloads
 *  when the admin says they copied it. */
function showSecret(secret, done, clientId) {
  const client = document.getElementById("gb-admin-secret-client");
  client.hidden = typeof clientId !== "string";
  document.getElementById("gb-admin-secret-client-id").value = client.hidden ? "" : clientId;
  const input = document.getElementById("gb-admin-secret-value");
  input.value = secret;
  SECRET.hidden = false;
  input.focus();
  input.select();
  document.getElementById("gb-admin-secret-done").addEventListener("click", () => reloadWith(done), {
    once: true,
  });
}

function reloadWith(message) {
  sessionStorage.setItem(DONE_KEY, message || "Saved.");
  window.location.reload();
}

async function send(element, body, errors) {
  const method = element.dataset.method || "POST";
  showErrors(errors, []);
  element.setAttribute("aria-busy", "true");
  try {
    const answer = await callApi(method, element.dataset.api, body);
    if (answer && typeof answer.secret === "string") {
      showSecret(answer.secret, element.dataset.done, answer.client_id);
    } else {
      reloadWith(element.dataset.done);
    }
  } catch (error) {
    const messages = error.errors || [String(error.message || error)];
    if (errors) showErrors(errors, messages);
    else STATUS.textContent = messages.join("; ");
  } finally {
    element.removeAttribute("aria-busy");
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  send(form, formBody(form), form.querySelector(".gb-errors"));
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-api]");
  if (!button) return;
  if (button.dataset.confirm && !(await confirmDialog(button.dataset.confirm, { action: button.textContent.trim() || "Confirm" }))) return;
  const body = button.dataset.body ? JSON.parse(button.dataset.body) : null;
  send(button, body, null);
});

const done = sessionStorage.getItem(DONE_KEY);
if (done) {
  sessionStorage.removeItem(DONE_KEY);
  STATUS.textContent = done;
}
