"""Configuring a monitored route (FlaskStatus's configure API): rename it, or forget its
data and hide it.

The trusted caller has already been authorized by the view (the API secret or an admin
token). The body is checked whole, every problem listed; the change is one write
transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.store.database import begin_write
from gaugeboard.store.status_routes import StatusRouteRow, find_route, forget_route, rename_route

ROUTE_FIELDS = {"rule", "name", "doc"}


def route_body(body: dict[str, Any], allow_text: bool) -> dict[str, Any]:
    """The body checked: ``rule`` always, ``name`` and ``doc`` only when renaming."""
    problems = []
    allowed = ROUTE_FIELDS if allow_text else {"rule"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        problems.append(
            f"{', '.join(unknown)}: unknown field; allowed: {', '.join(sorted(allowed))}"
        )
    if "rule" not in body:
        problems.append("rule: no rule provided")
    elif not isinstance(body["rule"], str):
        problems.append("rule: must be a string")
    for name, limit in (("name", 255), ("doc", 10_000)):
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(f"{name}: must be a string of at most {limit} characters")
    if allow_text and isinstance(body.get("name"), str) and not body["name"].strip():
        problems.append("name: must not be empty")
    if problems:
        raise ValidationFailed(problems)
    return body


def forget_status_route(db: Session, monitor: StatusMonitor, body: dict[str, Any]) -> None:
    """Delete the recorded data of ``body["rule"]`` and hide it; commits."""
    checked = route_body(body, allow_text=False)
    connection = _locked(db, monitor)
    route = _route(connection, checked["rule"])
    forget_route(connection, route.id)
    db.commit()


def rename_status_route(
    db: Session, monitor: StatusMonitor, body: dict[str, Any]
) -> dict[str, str]:
    """Give ``body["rule"]`` a new name and/or doc; commits. Returns the route as renamed."""
    checked = route_body(body, allow_text=True)
    connection = _locked(db, monitor)
    route = _route(connection, checked["rule"])
    name = checked.get("name", route.name).strip()
    doc = checked.get("doc", route.doc)
    rename_route(connection, route.id, name, doc)
    db.commit()
    return {"rule": route.rule, "name": name, "doc": doc}


def _locked(db: Session, monitor: StatusMonitor) -> Connection:
    """Every monitored route has its row, then the write transaction's connection."""
    monitor.sync_routes_changed()
    begin_write(db)
    return db.connection()


def _route(connection: Connection, rule: str) -> StatusRouteRow:
    route = find_route(connection, rule)
    if route is None:
        raise NotFound(f"rule: route {rule!r} not found")
    return route
