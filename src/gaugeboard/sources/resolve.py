"""Turn a widget's source into rows, whatever kind of source it is."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection

from gaugeboard.dashboards.document import InlineSource, Widget
from gaugeboard.monitor.classify import FailureRule
from gaugeboard.sources.status_source import status_rows


def widget_rows(
    widget: Widget, connection: Connection, failure_rule: FailureRule | None
) -> list[dict[str, Any]] | None:
    """The widget's rows; None when it has no source (its spec carries its own data).
    A status source with status monitoring turned off has no rows."""
    source = widget.source
    if source is None:
        return None
    if isinstance(source, InlineSource):
        return source.data
    if failure_rule is None:
        return []
    return status_rows(connection, source, failure_rule, time.time())
