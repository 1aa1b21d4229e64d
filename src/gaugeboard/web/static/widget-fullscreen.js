// Full screen for one widget at a time: a fixed overlay (the gb-fullscreen class), left
// with the same button or Escape. Charts are drawn again at the new size.

let shown = null; // {widget, leave} of the widget on full screen

/** Wire the full-screen button of `widget`; `redraw()` draws it again at its new size. */
export function setUpFullscreen(widget, redraw) {
  const button = widget.section.querySelector(".gb-widget-fullscreen");
  if (!button) return;
  const enterLabel = button.getAttribute("aria-label");

  const set = (on) => {
    widget.section.classList.toggle("gb-fullscreen", on);
    document.body.classList.toggle("gb-has-fullscreen", on);
    button.setAttribute("aria-pressed", String(on));
    button.setAttribute("aria-label", on ? `Leave full screen: ${widget.title}` : enterLabel);
    button.title = on ? "Leave full screen (Escape)" : "Full screen";
    redraw();
    button.focus();
  };
  const leave = () => {
    shown = null;
    set(false);
  };
  button.addEventListener("click", () => {
    if (shown && shown.widget === widget) {
      leave();
      return;
    }
    if (shown) shown.leave();
    shown = { widget, leave };
    set(true);
  });
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && shown && !event.defaultPrevented) shown.leave();
});
