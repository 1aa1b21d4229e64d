// A folder's permissions on its Browse page (admins): the folder's grants, a form to add
// one for a user or a team, and a remove button each. Every change saves the whole list
// (PUT /api/permission); removing the last grant opens the folder to everyone, after a
// confirmation, as does narrowing it to a first grant.

import { call, confirmed, showProblems } from "./action-calls.js";
import { h } from "./dom.js";

const section = document.getElementById("gb-permissions");
const list = section.querySelector(".gb-grant-list");
const form = section.querySelector(".gb-grant-form");
const summary = section.querySelector(".gb-permissions-summary");
const status = section.querySelector(".gb-action-status");
const errors = section.querySelector(".gb-errors");
const folderName = section.dataset.folder || "the top folder";
let grants = [];

const ROLE_WORDS = { viewer: "may view", editor: "may view and edit" };

function grantee(grant) {
  return grant.user !== undefined && grant.user !== null ? `user ${grant.user}` : `team ${grant.team}`;
}

function draw() {
  summary.textContent = grants.length
    ? `Only the users and teams below (and admins) see ${folderName} and the folders inside it.`
    : `${folderName} is open: everyone who may see dashboards sees it. Add a grant to close it to everyone not named.`;
  list.replaceChildren(
    ...grants.map((grant, index) =>
      h(
        "li",
        { "data-grantee": grantee(grant) },
        `${grantee(grant)} ${ROLE_WORDS[grant.role] || grant.role} `,
        h("button", { type: "button", class: "gb-danger", "data-remove": index }, "Remove", h("span", { class: "gb-visually-hidden" }, ` ${grantee(grant)}`)),
      ),
    ),
  );
}

async function save(wanted, done) {
  showProblems(errors, null);
  try {
    const answer = await call("PUT", section.dataset.api, { grants: wanted });
    grants = answer.grants;
    status.textContent = done;
    draw();
  } catch (error) {
    showProblems(errors, error);
  }
}

async function fillGrantees() {
  const [users, teams] = await Promise.all([call("GET", section.dataset.users), call("GET", section.dataset.teams)]);
  const select = form.elements.grantee;
  select.replaceChildren(
    h("optgroup", { label: "Teams" }, teams.items.map((team) => h("option", { value: `team:${team.name}` }, team.name))),
    h("optgroup", { label: "Users" }, users.items.map((user) => h("option", { value: `user:${user.name}` }, user.name))),
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const [kind, ...rest] = form.elements.grantee.value.split(":");
  const grant = { [kind]: rest.join(":"), role: form.elements.role.value };
  if (!grants.length && !(await confirmed(`Close ${folderName} to everyone except ${kind} ${grant[kind]} and admins?`, "Close the folder"))) return;
  const others = grants.filter((g) => grantee(g) !== grantee(grant));
  save([...others, grant], "Grant saved.");
});

list.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-remove]");
  if (!button) return;
  const index = Number(button.dataset.remove);
  const kept = grants.filter((_g, i) => i !== index);
  const question = kept.length
    ? `Remove the grant of ${grantee(grants[index])}?`
    : `Remove the last grant? ${folderName} then opens to everyone who may see dashboards.`;
  if (!(await confirmed(question, "Remove"))) return;
  save(kept, "Grant removed.");
});

(async () => {
  try {
    const [answer] = await Promise.all([call("GET", section.dataset.api), fillGrantees()]);
    grants = answer.grants;
    draw();
  } catch (error) {
    showProblems(errors, error);
  }
})();
