"""Data sets for tests, made through the real services, and a real HTTP server on a free
loopback port that serves whatever documents a test puts on it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flask import Flask

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.jobs import actor_of
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import DatasetPlace, create_dataset
from gaugeboard.datasets.sources import SourceParts
from gaugeboard.store.dataset_models import Dataset
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state


def place_of(app: Flask) -> DatasetPlace:
    """The data sets of the app's folder: where its rebuild and vacuum jobs look."""
    return state(app).datasets


def parts_of(app: Flask, **settings: Any) -> SourceParts:
    values = {**state(app).settings.values, **settings}
    return SourceParts(values, state(app).segments_dir, place_of(app))


def actor_named(app: Flask, name: str) -> Actor:
    with state(app).database.sessions() as db:
        user = find_user_by_name(db, name)
        assert user is not None
        return actor_of(db, user)


def new_dataset(
    app: Flask,
    actor: Actor | None,
    name: str,
    columns: Sequence[tuple[str, str]],
    **fields: Any,
) -> int:
    body = DatasetCreate.model_validate(
        {
            "name": name,
            "columns": [{"name": column, "data_type": kind} for column, kind in columns],
            **fields,
        }
    )
    with state(app).database.sessions() as db:
        return create_dataset(db, place_of(app), actor, body).id


def dataset_row(app: Flask, dataset_id: int) -> Dataset:
    with state(app).database.sessions() as db:
        found = db.get(Dataset, dataset_id)
        assert found is not None
        db.expunge(found)
        return found


def stored_rows(app: Flask, dataset_id: int, version: int | None = None) -> list[dict[str, Any]]:
    """The table's rows as Arrow reads them, in row id order."""
    rows = place_of(app).table(dataset_id).dataset(version).to_table().to_pylist()
    return sorted(rows, key=lambda row: row["rec_id"])


class FeedServer:
    """``documents[path] = (status, body, content type)``; anything else is a 404."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[int, bytes, str]] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def put(self, path: str, body: bytes, content_type: str, status: int = 200) -> str:
        self.documents[path] = (status, body, content_type)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


def _handler_for(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            status, body, content_type = server.documents.get(
                self.path.split("?")[0], (404, b"no such document", "text/plain")
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
