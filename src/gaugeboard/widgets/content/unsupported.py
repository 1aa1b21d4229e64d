"""The ``unsupported`` widget: a jsondash module gaugeboard cannot draw, kept in place.

Importing a jsondash dashboard never refuses the whole page for one module: a module of
an unknown type, or whose address cannot be shown, becomes this widget. It keeps the
module (under ``jsondash``) and the reason, and draws as an error naming that reason, so
every other widget of the page still draws.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

MAX_REASON = 1000
DEFAULT_REASON = "this widget cannot be drawn"


class UnsupportedOptions(ContentOptions):
    """Why the widget cannot be drawn."""

    reason: str = Field(DEFAULT_REASON, min_length=1, max_length=MAX_REASON)


def render_unsupported(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """Always a WidgetDataError carrying the widget's reason."""
    options = read_options(UnsupportedOptions, request.options)
    raise WidgetDataError(options.reason)
