// Undo and redo of the edited document. Each change stores the whole document before it
// (as JSON text, so later edits cannot reach into a stored state).

const LIMIT = 200;

export class History {
  /** `onChange(previous, current, reason)` runs after every change, undo and redo. */
  constructor(initial, onChange) {
    this.text = JSON.stringify(initial);
    this.undoStack = [];
    this.redoStack = [];
    this.onChange = onChange;
  }

  /** A copy of the current document. */
  get current() {
    return JSON.parse(this.text);
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }

  /** Change the document: `change` edits a copy in place (or returns a new one). */
  apply(change, reason = "edit") {
    const draft = this.current;
    const next = change(draft) ?? draft;
    const text = JSON.stringify(next);
    if (text === this.text) return false;
    this.undoStack.push(this.text);
    if (this.undoStack.length > LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.move(text, reason);
    return true;
  }

  undo() {
    if (!this.canUndo) return;
    this.redoStack.push(this.text);
    this.move(this.undoStack.pop(), "undo");
  }

  redo() {
    if (!this.canRedo) return;
    this.undoStack.push(this.text);
    this.move(this.redoStack.pop(), "redo");
  }

  /** Start again from `documentValue` (another person's saved version): nothing to undo. */
  reset(documentValue) {
    this.undoStack = [];
    this.redoStack = [];
    this.move(JSON.stringify(documentValue), "reset");
  }

  move(text, reason) {
    const previous = JSON.parse(this.text);
    this.text = text;
    this.onChange(previous, this.current, reason);
  }
}
