"""``Dashboard()``'s thumbnails and snapshots, against the real app: by id or name, as
base64 text or an image, and ``get_dashboard(thumbnail=True)``."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from flask import Flask
from PIL import Image

from gaugeboard.client import BadRequest, Dashboard, NotFound, Session
from gaugeboard.render.thumbnails import JOB
from tests.dashboards.factories import chart_document
from tests.jobs.helpers import queue, runner_of

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def made(session: Session) -> dict[str, Any]:
    created: dict[str, Any] = session.send("POST", "api/dashboard", chart_document())["dashboard"]
    return created


def test_thumbnail_by_name_as_base64(session: Session, made: dict[str, Any]) -> None:
    text = Dashboard(session=session).get_dashboard_thumbnail("sales")
    assert Image.open(io.BytesIO(base64.b64decode(text))).width == 400


def test_thumbnail_by_id_as_an_image(session: Session, made: dict[str, Any]) -> None:
    image = Dashboard(session=session).get_dashboard_thumbnail(made["id"], output="image")
    assert isinstance(image, Image.Image) and image.width == 400


def test_snapshot_as_an_image_at_its_size(session: Session, made: dict[str, Any]) -> None:
    image = Dashboard(session=session).get_dashboard_snapshot(made["id"], width=600, scale=2)
    assert image.size[0] == 1200


def test_snapshot_as_pdf_bytes(session: Session, made: dict[str, Any]) -> None:
    assert Dashboard(session=session).get_dashboard_file("sales").startswith(b"%PDF")


def test_unknown_name_is_not_found(session: Session, made: dict[str, Any]) -> None:
    with pytest.raises(NotFound, match="no dashboard named 'nope'"):
        Dashboard(session=session).get_dashboard_snapshot("nope")


def test_bad_width_is_the_servers_400(session: Session, made: dict[str, Any]) -> None:
    with pytest.raises(BadRequest) as raised:
        Dashboard(session=session).get_dashboard_snapshot(made["id"], width=5)
    assert raised.value.errors[0].startswith("width:")


def test_bad_output_is_refused_before_calling(session: Session) -> None:
    with pytest.raises(ValueError, match="output"):
        Dashboard(session=session).get_dashboard_thumbnail(1, output="df")


def test_listing_with_thumbnails(app: Flask, session: Session, made: dict[str, Any]) -> None:
    dashboards = Dashboard(session=session)
    assert dashboards.get_dashboard(thumbnail=True, output="dict")[0]["thumbnail"] is None
    queue(app, JOB)
    runner_of(app).tick()
    listed = dashboards.get_dashboard(thumbnail=True, output="dict")
    assert base64.b64decode(listed[0]["thumbnail"]).startswith(b"\x89PNG")
    assert "thumbnail" not in dashboards.get_dashboard(output="dict")[0]
