"""Uploading to the Jupyter dashboards API of the test app, as its clients do."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.notebooks.builders import ipynb, notebook, showcase

Upload = Callable[..., TestResponse]


def token_header(secret: str, scheme: str = "token") -> dict[str, str]:
    return {"Authorization": f"{scheme} {secret}"}


def upload_to(
    client: FlaskClient,
    path: str,
    data: bytes,
    filename: str = "notebook.ipynb",
    headers: dict[str, str] | None = None,
    field: str = "file",
) -> TestResponse:
    return client.post(
        f"/_api/notebooks/{path}",
        data={field: (io.BytesIO(data), filename)},
        headers=headers or {},
        content_type="multipart/form-data",
    )


@pytest.fixture
def editor_token(make_token: Callable[..., str]) -> str:
    return make_token("editor")


@pytest.fixture
def upload(client: FlaskClient, editor_token: str) -> Upload:
    """Upload as an editor with ``Authorization: token …``; returns the response."""

    def send(
        path: str, data: bytes | None = None, filename: str = "notebook.ipynb", **kw: Any
    ) -> TestResponse:
        body = ipynb(showcase()) if data is None else data
        headers = kw.pop("headers", token_header(editor_token))
        return upload_to(client, path, body, filename, headers, **kw)

    return send


def plain_notebook(text: str = "# Hello") -> bytes:
    from tests.notebooks.builders import markdown

    return ipynb(notebook(markdown(text)))
