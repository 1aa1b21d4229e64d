// The confirmation every destructive action asks for, as an in-page modal <dialog> rather
// than window.confirm: it is styled with the page (light and dark), read by screen readers
// as an alert dialog, starts on Cancel (so Enter alone never destroys anything), and Escape
// or Cancel says no. The question reaches the DOM as text only.

import { h } from "./dom.js";

let asked = 0; // ids stay unique if a second question is asked before the first closes

/**
 * Ask `question` in a modal dialog; resolves to true when the user pressed the confirm
 * button (labelled `action`, default "Confirm"), false on Cancel or Escape.
 */
export function confirmDialog(question, { action = "Confirm" } = {}) {
  asked += 1;
  const messageId = `gb-confirm-message-${asked}`;
  const cancel = h("button", { type: "button", class: "gb-confirm-cancel", value: "cancel" }, "Cancel");
  const agree = h("button", { type: "button", class: "gb-confirm-ok gb-button-danger", value: "ok" }, action);
  const dialog = h(
    "dialog",
    { class: "gb-confirm", role: "alertdialog", "aria-modal": "true", "aria-describedby": messageId },
    h("p", { id: messageId, class: "gb-confirm-message" }, question),
    h("div", { class: "gb-confirm-buttons" }, cancel, agree),
  );
  dialog.setAttribute("aria-label", "Please confirm");
  return new Promise((resolve) => {
    const answer = (yes) => {
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(yes);
    };
    cancel.addEventListener("click", () => answer(false));
    agree.addEventListener("click", () => answer(true));
    // Escape fires "cancel": answered as Cancel (the dialog is closed and removed here).
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      answer(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
