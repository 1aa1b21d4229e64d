// "Raw JSON": the whole document in a textarea. Apply parses it (a syntax error is shown
// with its line and column), has the server check it through the preview API, and only
// replaces the document when no problem was found; each problem is listed with its path.

import { problemsOf } from "./api-errors.js";
import { h } from "./dom.js";

/** Line and column (from 1) of character `position` in `text`. */
export function lineAndColumn(text, position) {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The message of a JSON.parse error of `text`, with where it happened. */
export function syntaxMessage(text, error) {
  const message = String(error?.message || error);
  const spelled = /line (\d+) column (\d+)/.exec(message);
  if (spelled) return `JSON syntax error at line ${spelled[1]}, column ${spelled[2]}: ${message}`;
  const at = /position (\d+)/.exec(message);
  const where = lineAndColumn(text, at ? Number(at[1]) : text.length);
  return `JSON syntax error at line ${where.line}, column ${where.column}: ${message}`;
}

export class RawJson {
  /** `hooks`: document(); check(doc) → preview answer; replace(doc). */
  constructor(root, hooks) {
    this.hooks = hooks;
    this.textarea = root.querySelector(".gb-editor-json");
    this.problems = root.querySelector(".gb-editor-json-problems");
    this.edited = false;
    this.textarea.addEventListener("input", () => {
      this.edited = true;
    });
    root.querySelector(".gb-editor-json-apply").addEventListener("click", () => this.apply());
    root.querySelector(".gb-editor-json-reset").addEventListener("click", () => {
      this.edited = false;
      this.show([]);
      this.refresh(true);
    });
  }

  /** Show the current document, unless the person is editing the text. */
  refresh(force = false) {
    if (this.edited && !force) return;
    this.textarea.value = JSON.stringify(this.hooks.document(), null, 2);
  }

  show(problems, title = "") {
    if (!problems.length) {
      this.problems.replaceChildren();
      return;
    }
    this.problems.replaceChildren(
      h("p", { class: "gb-editor-problems-title" }, title),
      h("ul", { class: "gb-editor-errors" }, problems.map((problem) => h("li", {}, problem))),
    );
  }

  async apply() {
    const text = this.textarea.value;
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.show([syntaxMessage(text, error)], "The text is not valid JSON; nothing was applied.");
      return false;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || !Array.isArray(parsed.widgets ?? [])) {
      this.show(["(document): must be a JSON object with a widgets list"], "Nothing was applied.");
      return false;
    }
    parsed.widgets = parsed.widgets ?? [];
    const answer = await this.hooks.check(parsed);
    if (answer.status !== 200 || !answer.body.ok) {
      this.show(problemsOf(answer.body), "The document has problems; nothing was applied.");
      return false;
    }
    this.show([]);
    this.edited = false;
    this.hooks.replace(parsed);
    this.refresh(true);
    return true;
  }
}
