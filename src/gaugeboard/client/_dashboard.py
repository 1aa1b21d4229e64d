"""``Dashboard()``: the dashboards the caller may see, with their details, thumbnails and
snapshots drawn by the server."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from gaugeboard.client._errors import NotFound
from gaugeboard.client._resource import Resource, check_output, listed, path_key

IMAGE_OUTPUTS = ("base64", "image")


def _check_image_output(output: str) -> None:
    if output not in IMAGE_OUTPUTS:
        raise ValueError(f'output: {output!r} is neither "base64" nor "image"')


def as_image(data: bytes) -> Any:
    """A PNG as a PIL image when Pillow is installed, else its bytes."""
    try:
        from PIL import Image  # optional: the ``gaugeboard[client]`` extra installs it
    except ImportError:
        return data
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


class Dashboard(Resource):
    """Dashboards, their thumbnails and snapshots (ClicData's ``Dashboard``)."""

    def get_dashboard(
        self, thumbnail: bool = False, name: str | None = None, output: str = "df"
    ) -> Any:
        """Every dashboard the caller may see, in every folder; ``name`` keeps those whose
        name or title is exactly that; ``thumbnail`` adds each one's ``thumbnail``: its
        PNG thumbnail as base64 text (None until the server has drawn it)."""
        check_output(output)
        params = {
            "recursive": "1",
            "includethumbnail": "true" if thumbnail else None,
            "name": name,
            "search": name,
        }
        items = list(self.session.pages("api/dashboard", ("dashboards", "items"), params))
        if name is not None:
            items = [item for item in items if name in (item.get("name"), item.get("title"))]
        return listed(items, output)

    def _id_of(self, rec_id: int | str) -> str:
        """A dashboard id as a path segment; a name is looked up (exact name or title)."""
        if isinstance(rec_id, int) or (isinstance(rec_id, str) and rec_id.isdigit()):
            return path_key(rec_id)
        found = self.get_dashboard(name=str(rec_id), output="dict")
        if not found:
            message = f"name: no dashboard named {rec_id!r}"
            raise NotFound(404, "not_found", [message], message)
        return path_key(found[0]["id"])

    def _image(self, rec_id: int | str, what: str, output: str, params: Mapping[str, Any]) -> Any:
        _check_image_output(output)
        path = f"api/dashboard/{self._id_of(rec_id)}/{what}"
        asked = {**params, "format": "base64" if output == "base64" else "png"}
        response = self.session.request("GET", path, params=asked)
        if output == "base64":
            return response.text
        return as_image(response.content)

    def get_dashboard_thumbnail(self, rec_id: int | str, output: str = "base64") -> Any:
        """The dashboard's thumbnail (a PNG 400 px wide), by id or name: base64 text
        (``output="base64"``) or an image (a PIL image with Pillow installed, else PNG
        bytes)."""
        return self._image(rec_id, "thumbnail", output, {})

    def get_dashboard_snapshot(
        self,
        rec_id: int | str,
        output: str = "image",
        width: int = 1200,
        scale: float = 1.0,
        variables: Mapping[str, Any] | None = None,
        time_range: str | None = None,
    ) -> Any:
        """The dashboard drawn now with its current data, by id or name, ``width`` pixels
        wide times ``scale``, with ``variables`` and a relative ``time_range`` as the page
        takes them: an image (a PIL image with Pillow installed, else PNG bytes) or base64
        text."""
        params: dict[str, Any] = {"width": width, "scale": scale}
        params.update({f"var.{key}": value for key, value in (variables or {}).items()})
        if time_range is not None:
            params["range"] = time_range
        return self._image(rec_id, "snapshot", output, params)

    def get_dashboard_file(
        self, rec_id: int | str, format: str = "pdf", width: int = 1200, scale: float = 1.0
    ) -> bytes:
        """The dashboard drawn now as ``pdf``, ``svg`` or ``png`` bytes."""
        path = f"api/dashboard/{self._id_of(rec_id)}/snapshot"
        params = {"format": format, "width": width, "scale": scale}
        return self.session.request("GET", path, params=params).content
