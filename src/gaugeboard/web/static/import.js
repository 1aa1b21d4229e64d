// The Import page: read the chosen (or dropped) files in the browser, show the dry-run
// plan of POST /api/dashboard/import or every problem, then apply it on "Import".
// A file that is not valid JSON is sent as text, so the server names its line and column.

import { problemsOf } from "./api-errors.js";
import { h } from "./dom.js";
import { requestJson } from "./editor-api.js";

const ACTION_WORDS = { create: "create", update: "update", unchanged: "unchanged" };

function part(root, name) {
  return root.querySelector(`.gb-import-${name}`);
}

/** `{name, document}` for a file that parses, `{name, text}` for one that does not. */
async function readFile(file) {
  const text = await file.text();
  try {
    return { name: file.name, document: JSON.parse(text) };
  } catch {
    return { name: file.name, text };
  }
}

function counts(plan) {
  const count = (action) => plan.filter((row) => row.action === action).length;
  return `${count("create")} to create, ${count("update")} to update, ${count("unchanged")} unchanged`;
}

class ImportPage {
  constructor(root) {
    this.root = root;
    this.url = root.dataset.apiUrl;
    this.folder = root.dataset.folder || "";
    this.maxFiles = Number(root.dataset.maxFiles) || 200;
    this.files = [];
    this.input = root.querySelector("#gb-import-files");
    this.drop = part(root, "drop");
    this.input.addEventListener("change", () => this.choose(this.input.files));
    this.drop.addEventListener("dragover", (event) => this.dragOver(event));
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("gb-import-over"));
    this.drop.addEventListener("drop", (event) => this.dropped(event));
    part(root, "apply").addEventListener("click", () => this.apply());
  }

  dragOver(event) {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    this.drop.classList.add("gb-import-over");
  }

  dropped(event) {
    event.preventDefault();
    this.drop.classList.remove("gb-import-over");
    this.choose(event.dataTransfer.files);
  }

  status(text) {
    part(this.root, "status").textContent = text;
  }

  reset() {
    part(this.root, "problems").hidden = true;
    part(this.root, "plan").hidden = true;
    part(this.root, "done").hidden = true;
  }

  async choose(fileList) {
    const chosen = Array.from(fileList || []);
    this.reset();
    if (!chosen.length) return;
    if (chosen.length > this.maxFiles) {
      this.showProblems([`You chose ${chosen.length} files: at most ${this.maxFiles} can be imported at once.`]);
      return;
    }
    this.status(`Reading ${chosen.length} file${chosen.length === 1 ? "" : "s"}…`);
    this.files = await Promise.all(chosen.map(readFile));
    await this.send(true);
  }

  async apply() {
    part(this.root, "apply").disabled = true;
    await this.send(false);
    part(this.root, "apply").disabled = false;
  }

  async send(dryRun) {
    this.status(dryRun ? "Checking the files…" : "Importing…");
    const body = { folder: this.folder, dry_run: dryRun, files: this.files };
    const answer = await requestJson(this.url, { method: "POST", body });
    if (answer.status !== 200 || !Array.isArray(answer.body.plan)) {
      this.reset();
      this.showProblems(problemsOf(answer.body));
      return;
    }
    if (dryRun) this.showPlan(answer.body.plan);
    else this.showDone(answer.body.plan);
  }

  showProblems(problems) {
    const list = part(this.root, "errors");
    list.replaceChildren(...problems.map((problem) => h("li", {}, problem)));
    part(this.root, "problems").hidden = false;
    this.status(`${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing was imported.`);
  }

  showPlan(plan) {
    const rows = plan.map((row) =>
      h("tr", { class: `gb-import-${row.action}` },
        h("td", {}, row.file), h("td", {}, row.path), h("td", {}, ACTION_WORDS[row.action] || row.action)));
    part(this.root, "plan").querySelector("tbody").replaceChildren(...rows);
    const changes = plan.some((row) => row.action !== "unchanged");
    part(this.root, "apply").hidden = !changes;
    part(this.root, "plan").hidden = false;
    this.status(`${plan.length} file${plan.length === 1 ? "" : "s"}: ${counts(plan)}.` +
      (changes ? " Press Import to store them." : " Nothing to import."));
  }

  showDone(plan) {
    part(this.root, "plan").hidden = true;
    part(this.root, "done").hidden = false;
    const count = (action) => plan.filter((row) => row.action === action).length;
    this.status(`Imported: ${count("create")} created, ${count("update")} updated, ${count("unchanged")} unchanged.`);
    this.input.value = "";
  }
}

const root = document.querySelector(".gb-import");
if (root) new ImportPage(root);
