"""SQL of the monitored routes: created on first sight, named from the view's docstring,
renamed or hidden through the configure API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from gaugeboard.store.status_models import StatusRollup, StatusRoute

ROUTES: Table = StatusRoute.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class RouteInfo:
    """What the app says about a route: its rule, endpoint, and docstring name and text."""

    rule: str
    endpoint: str
    name: str
    doc: str


def ensure_routes(connection: Connection, routes: Iterable[RouteInfo]) -> dict[str, int]:
    """Create missing routes (concurrent creators are fine), refresh the docstring name of
    routes nobody renamed, and return rule → id."""
    wanted = {route.rule: route for route in routes}
    if not wanted:
        return {}
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    rows = [
        {
            "rule": r.rule,
            "endpoint": r.endpoint,
            "name": r.name,
            "doc": r.doc,
            "custom": False,
            "hidden": False,
        }
        for r in sorted(wanted.values(), key=lambda r: r.rule)
    ]
    statement = insert(ROUTES)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["rule"],
            set_={
                "endpoint": statement.excluded.endpoint,
                "name": statement.excluded.name,
                "doc": statement.excluded.doc,
            },
            where=ROUTES.c.custom.is_(False),
        ),
        rows,
    )
    found = connection.execute(
        select(ROUTES.c.rule, ROUTES.c.id).where(ROUTES.c.rule.in_(list(wanted)))
    )
    return {rule: route_id for rule, route_id in found}


def find_route(connection: Connection, rule: str) -> StatusRouteRow | None:
    row = connection.execute(select(ROUTES).where(ROUTES.c.rule == rule)).first()
    return None if row is None else StatusRouteRow(**row._mapping)


def list_routes(connection: Connection, include_hidden: bool = False) -> list[StatusRouteRow]:
    query = select(ROUTES).order_by(ROUTES.c.rule)
    if not include_hidden:
        query = query.where(ROUTES.c.hidden.is_(False))
    return [StatusRouteRow(**row._mapping) for row in connection.execute(query)]


def rename_route(connection: Connection, route_id: int, name: str, doc: str) -> None:
    connection.execute(
        update(ROUTES)
        .where(ROUTES.c.id == route_id)
        .values(name=name, doc=doc, custom=True, hidden=False)
    )


def forget_route(connection: Connection, route_id: int) -> None:
    """Delete the route's recorded data and hide it (it would reappear on its next request
    otherwise); a later rename shows it again."""
    connection.execute(delete(StatusRollup).where(StatusRollup.route_id == route_id))
    connection.execute(update(ROUTES).where(ROUTES.c.id == route_id).values(hidden=True))


@dataclass(frozen=True)
class StatusRouteRow:
    id: int
    rule: str
    endpoint: str
    name: str
    doc: str
    custom: bool
    hidden: bool
    created_at: object
