// Saving: PUT /api/dashboard/<id> with the version the editor started from (If-Match),
// or POST for a new dashboard, then on to its edit page. When someone else saved in
// between (409) the page says so and offers to load their version or overwrite it.

import { problemsOf } from "./api-errors.js";

export class Saver {
  /**
   * `state`: {id, version}; `hooks`: document(), note(), saved(body) after a save,
   * reload(doc, version) for "Reload theirs", problems(list, title), status(text),
   * conflict(text | null).
   */
  constructor(api, state, hooks) {
    this.api = api;
    this.state = state;
    this.hooks = hooks;
    this.theirs = null;
    this.busy = false;
  }

  async save(version = this.state.version) {
    if (this.busy) return;
    this.busy = true;
    this.hooks.status("Saving…");
    try {
      const doc = this.hooks.document();
      const note = this.hooks.note();
      const answer = this.state.id
        ? await this.api.update(this.state.id, doc, version, note)
        : await this.api.create(doc, note);
      await this.settle(answer, doc);
    } finally {
      this.busy = false;
    }
  }

  async settle(answer, doc) {
    if (answer.status === 200 || answer.status === 201) {
      this.hooks.conflict(null);
      this.hooks.problems([]);
      this.state.version = answer.body.dashboard.version;
      this.hooks.saved(answer.body.dashboard, doc);
      return;
    }
    const problems = problemsOf(answer.body);
    if (answer.status === 409 && this.state.id && problems.some((problem) => problem.startsWith("version:"))) {
      await this.showConflict();
      return;
    }
    this.hooks.status("Not saved.");
    this.hooks.problems(problems, answer.status === 400 ? "The dashboard was not saved: fix these problems first." : "The dashboard was not saved.");
  }

  async showConflict() {
    const answer = await this.api.get(this.state.id);
    if (answer.status !== 200) {
      this.hooks.status("Not saved.");
      this.hooks.problems(problemsOf(answer.body), "The dashboard was not saved, and its current version could not be read.");
      return;
    }
    this.theirs = { document: answer.body.document, version: answer.body.dashboard.version };
    this.hooks.status("Not saved: someone else saved this dashboard.");
    this.hooks.conflict(
      `Someone else saved this dashboard as version ${this.theirs.version} after you began editing version ${this.state.version}. ` +
        "Reload theirs to drop your changes, or overwrite their version with yours.",
    );
  }

  /** "Reload theirs": the other person's document becomes the one being edited. */
  reloadTheirs() {
    if (!this.theirs) return;
    this.state.version = this.theirs.version;
    this.hooks.conflict(null);
    this.hooks.reload(this.theirs.document, this.theirs.version);
    this.theirs = null;
  }

  /** "Overwrite": save again on top of the version that is stored now. */
  overwrite() {
    if (!this.theirs) return Promise.resolve();
    const version = this.theirs.version;
    this.theirs = null;
    return this.save(version);
  }
}
