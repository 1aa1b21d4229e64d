"""Unpacking a bundle: names that would land outside its folder, special files, and the
limits on entries and bytes, checked before and while writing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gaugeboard.errors import PayloadTooLarge, ValidationFailed
from gaugeboard.notebooks.unpack import UnpackLimits, entry_problem, unpack_upload
from tests.notebooks.builders import png, zip_bundle
from tests.notebooks.helpers import plain_notebook

LIMITS = UnpackLimits(max_bytes=1_000_000, max_entries=50)


@pytest.mark.parametrize(
    "name",
    ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x", "a//b", "./x", "a\x00b"],
)
def test_escaping_names_are_problems(name: str) -> None:
    assert entry_problem(name) is not None


@pytest.mark.parametrize("name", ["index.ipynb", "img/logo.png", "data/", ".hidden", "a..b"])
def test_ordinary_names_are_fine(name: str) -> None:
    assert entry_problem(name) is None


def test_a_bundle_is_written_into_its_folder(tmp_path: Path) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "img/logo.png": png()})
    unpacked = unpack_upload("b.zip", io.BytesIO(bundle), tmp_path, LIMITS)
    assert (unpacked.kind, unpacked.files) == ("bundle", 2)
    assert (tmp_path / "img" / "logo.png").read_bytes() == png()


def test_written_files_are_private(tmp_path: Path) -> None:
    unpack_upload(
        "b.zip", io.BytesIO(zip_bundle({"index.ipynb": plain_notebook()})), tmp_path, LIMITS
    )
    assert (tmp_path / "index.ipynb").stat().st_mode & 0o077 == 0


def test_nothing_lands_outside_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "../escaped": b"x"})
    with pytest.raises(ValidationFailed):
        unpack_upload("b.zip", io.BytesIO(bundle), target, LIMITS)
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["target"]


def test_the_declared_entry_count_is_read_before_the_directory(tmp_path: Path) -> None:
    entries = {"index.ipynb": plain_notebook(), **{f"{i}.txt": b"" for i in range(60)}}
    with pytest.raises(PayloadTooLarge, match="holds 61 entries; at most 50"):
        unpack_upload("b.zip", io.BytesIO(zip_bundle(entries)), tmp_path, LIMITS)


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("index.ipynb", plain_notebook())
        archive.writestr("index.ipynb", plain_notebook())
    with pytest.raises(ValidationFailed, match="appears twice"):
        unpack_upload("b.zip", io.BytesIO(buffer.getvalue()), tmp_path, LIMITS)


def test_a_file_and_a_folder_of_one_name_clash(tmp_path: Path) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "a": b"x", "a/b": b"y"})
    with pytest.raises(ValidationFailed, match="could not be written"):
        unpack_upload("b.zip", io.BytesIO(bundle), tmp_path, LIMITS)


def test_a_lying_size_header_stops_at_the_checksum(tmp_path: Path) -> None:
    """A header claiming fewer bytes than the entry holds: unpacking stops at the claim and
    the checksum fails, so no more than the claimed bytes are written."""
    bundle = bytearray(zip_bundle({"index.ipynb": plain_notebook(), "big.bin": bytes(500_000)}))
    size = (500_000).to_bytes(4, "little")
    for at in [i for i in range(len(bundle)) if bundle[i : i + 4] == size]:
        bundle[at : at + 4] = (10).to_bytes(4, "little")
    with pytest.raises(ValidationFailed, match="could not be unpacked"):
        unpack_upload("b.zip", io.BytesIO(bytes(bundle)), tmp_path, LIMITS)
    assert (tmp_path / "big.bin").stat().st_size <= 10
