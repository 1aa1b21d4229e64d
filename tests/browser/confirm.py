"""Answering the pages' confirmation dialog (static/confirm-dialog.js), an in-page modal
``<dialog>`` rather than ``window.confirm``: wait for it, read its question, press a button."""

from __future__ import annotations

from typing import Any

OPEN = "dialog.gb-confirm[open]"


def answer(page: Any, agree: bool = True) -> str:
    """Press the dialog's confirm button (or Cancel when ``agree`` is False) once it is
    open; returns the question it asked."""
    dialog = page.locator(OPEN)
    dialog.wait_for()
    question: str = dialog.locator(".gb-confirm-message").inner_text()
    dialog.locator(".gb-confirm-ok" if agree else ".gb-confirm-cancel").click()
    dialog.wait_for(state="detached")
    return question
