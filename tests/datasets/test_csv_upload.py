"""CSV uploads to ``POST /api/data/<id>/row``: streamed in, checked batch by batch with the
JSON rules, appended in one commit only when every row passed; a million rows arrive with
memory bounded."""

from __future__ import annotations

import io
import resource
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.datasets.helpers import (
    SALES_ROWS,
    bearer,
    create_dataset,
    rows_of,
    sales,
    version_of,
)

CSV = "text/csv"


def upload(client: FlaskClient, headers: dict[str, str], dataset_id: int, text: str | bytes) -> Any:
    return client.post(f"/api/data/{dataset_id}/row", data=text, content_type=CSV, headers=headers)


def test_csv_rows_are_appended_with_their_types(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    text = "region,month,amount,units\nnorth,2026-01-01,10.5,3\nsouth,2026-01-01,4,1\n"
    answer = upload(client, auth_headers, dataset_id, text).get_json()
    assert (answer["version"], answer["rows_added"], answer["row_count"]) == (1, 2, 2)
    assert rows_of(client, auth_headers, dataset_id) == SALES_ROWS[:2]


def test_csv_reads_what_the_json_rules_accept(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    columns = [
        {"name": "amount", "data_type": "number"},
        {"name": "units", "data_type": "integer"},
        {"name": "at", "data_type": "datetime"},
        {"name": "done", "data_type": "checkbox"},
    ]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    text = 'amount,units,at,done\n"1,250.5",2.0,2026-01-02 03:04:05,Yes\n,,,\n'
    upload(client, auth_headers, dataset_id, text)
    assert rows_of(client, auth_headers, dataset_id) == [
        {"amount": 1250.5, "units": 2, "at": "2026-01-02T03:04:05Z", "done": True},
        {"amount": None, "units": None, "at": None, "done": None},
    ]


def test_csv_download_uploads_back_unchanged(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    source = sales(client, auth_headers)
    text = client.get(f"/api/data/{source}?format=csv", headers=auth_headers).text
    copy = create_dataset(client, auth_headers, name="copy")
    assert upload(client, auth_headers, copy, text).get_json()["rows_added"] == 5
    assert rows_of(client, auth_headers, copy) == rows_of(client, auth_headers, source)


def test_semicolons_and_a_byte_order_mark_are_read(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    text = "\ufeffregion;units\r\nnorth;3\r\n".encode()
    upload(client, auth_headers, dataset_id, text)
    assert rows_of(client, auth_headers, dataset_id) == [
        {"region": "north", "month": None, "amount": None, "units": 3}
    ]


def test_a_bad_cell_is_named_and_nothing_is_written(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    text = "region,units\n" + "west,1\n" * 12 + "west,many\nwest,2\n"
    response = upload(client, auth_headers, dataset_id, text)
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["rows[12].units: 'many' is not a number"]
    assert version_of(client, auth_headers, dataset_id) == 1


def test_a_bad_row_in_a_later_batch_writes_none_of_the_earlier_ones(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    rows = 150_000  # about 2.5 MB a side: several parse blocks and batches
    text = "region,units\n" + "west,1\n" * rows + "west,2026-01-01\n"
    response = upload(client, auth_headers, dataset_id, text)
    assert response.get_json()["errors"] == [f"rows[{rows}].units: '2026-01-01' is not a number"]
    info = client.get(f"/api/data/{dataset_id}/info", headers=auth_headers).get_json()
    assert (info["dataset"]["version"], info["dataset"]["row_count"]) == (1, 5)


def test_unknown_and_doubled_header_names_are_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, "region,colour,region\nn,red,n\n")
    assert response.get_json()["errors"] == [
        "header[1]: no column named 'colour'",
        "header: the column 'region' is named twice",
    ]


def test_row_ids_in_the_header_are_skipped(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    upload(client, auth_headers, dataset_id, "rec_id,region\n1,west\n")
    body = client.get(f"/api/data/{dataset_id}?sort=-rec_id&limit=1", headers=auth_headers)
    assert body.get_json()["data"][0]["rec_id"] == 6


def test_a_row_with_too_many_cells_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, "region,units\nnorth,1\nsouth,2,3\n")
    assert response.status_code == 400
    assert "Expected 2 columns, got 3" in response.get_json()["error"]
    assert version_of(client, auth_headers, dataset_id) == 0


def test_an_empty_upload_names_its_header(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, "")
    assert response.get_json()["errors"] == ["header: the first line must name the columns"]


def test_a_header_alone_appends_nothing(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = upload(client, auth_headers, dataset_id, "region,units\n").get_json()
    assert (answer["rows_added"], answer["version"]) == (0, 0)


def test_text_that_is_not_utf8_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, b"region\nn\xe9e\n")
    assert response.status_code == 400
    assert version_of(client, auth_headers, dataset_id) == 0


def test_unique_keys_are_checked_across_the_upload(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers, key_columns=["region", "month"])
    text = "region,month\nwest,2026-01-01\nwest,2026-01-01\nnorth,2026-02-01\n"
    response = upload(client, auth_headers, dataset_id, text)
    assert response.get_json()["errors"] == ["rows[1]: the key (region, month) repeats rows[0]"]
    text = "region,month\nwest,2026-01-01\nnorth,2026-02-01\n"
    response = upload(client, auth_headers, dataset_id, text)
    assert response.status_code == 409
    assert response.get_json()["errors"] == [
        "rows[1]: a row with this key (region, month) exists already"
    ]


def test_viewer_may_not_upload(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, bearer(make_token("viewer")), dataset_id, "region\nn\n")
    assert response.status_code == 403


@pytest.fixture
def small_limits(settings_overrides: dict[str, Any]) -> None:
    settings_overrides["DATASET_MAX_UPLOAD_BYTES"] = 20_000
    settings_overrides["MAX_REQUEST_BYTES"] = 10_000


def test_an_upload_past_its_limit_is_refused(
    small_limits: None, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, "region\n" + "north\n" * 4000)
    assert response.status_code == 413
    assert version_of(client, auth_headers, dataset_id) == 0


def test_an_upload_may_exceed_the_json_limit(
    small_limits: None, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = upload(client, auth_headers, dataset_id, "region\n" + "north\n" * 2500)
    assert response.get_json()["rows_added"] == 2500


def test_a_json_body_keeps_the_json_limit(
    small_limits: None, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    rows = [{"region": "north"}] * 1000
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.status_code == 413


MILLION = 1_000_000


def write_csv(path: Path, rows: int) -> int:
    with path.open("w") as handle:
        handle.write("region,month,amount,units\n")
        for index in range(rows):
            handle.write(f"r{index % 7},2026-{index % 12 + 1:02d}-01,{index / 4},{index % 100}\n")
    return path.stat().st_size


def test_a_million_rows_arrive_streamed_with_memory_bounded(
    client: FlaskClient, auth_headers: dict[str, str], tmp_path: Path
) -> None:
    """Held as Python rows, a million rows would take over half a gigabyte; streamed, the
    Python heap stays at a few blocks of text and the process grows by the Arrow batches
    and the Parquet writer only."""
    dataset_id = create_dataset(client, auth_headers)
    path = tmp_path / "million.csv"
    size = write_csv(path, MILLION)
    grown_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        with path.open("rb") as handle:
            response = client.post(
                f"/api/data/{dataset_id}/row",
                input_stream=handle,
                content_length=size,
                content_type=CSV,
                headers=auth_headers,
            )
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown_before
    assert response.get_json()["rows_added"] == MILLION
    assert python_peak < 80 * 2**20
    assert grown_kib < 350 * 2**10
    totals = client.get(
        f'/api/data/{dataset_id}?filters=[{{"column":"units","op":"=","value":99}}]&limit=1',
        headers=auth_headers,
    ).get_json()
    assert totals["data"][0]["rec_id"] == 100
    assert version_of(client, auth_headers, dataset_id) == 1


def test_a_quoted_empty_cell_is_empty_text_and_an_empty_cell_none(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    upload(client, auth_headers, dataset_id, 'region,month,amount,units\n"",,"",""\n,"",,\n')
    assert rows_of(client, auth_headers, dataset_id) == [
        {"region": "", "month": None, "amount": None, "units": None},
        {"region": None, "month": None, "amount": None, "units": None},
    ]


def chunked(client: FlaskClient, headers: dict[str, str], dataset_id: int, **environ: Any) -> Any:
    """A CSV body sent chunked (no Content-Length), as httpx streams an iterator."""
    return client.post(
        f"/api/data/{dataset_id}/row",
        input_stream=io.BytesIO(b"region,units\nnorth,3\n"),
        content_type=CSV,
        headers={**headers, "Transfer-Encoding": "chunked"},
        environ_overrides=environ,
    )


def test_a_chunked_upload_is_read_when_the_server_marks_its_end(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = chunked(client, auth_headers, dataset_id, **{"wsgi.input_terminated": True})
    assert (answer.status_code, answer.get_json()["rows_added"]) == (200, 1)


def test_a_chunked_upload_the_server_cannot_read_is_refused_with_411(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = chunked(client, auth_headers, dataset_id)
    assert (answer.status_code, answer.get_json()["code"]) == (411, "length_required")
    assert version_of(client, auth_headers, dataset_id) == 0


def test_separators_inside_quoted_names_do_not_count(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    columns = [{"name": "a;b;c", "data_type": "text"}, {"name": "n", "data_type": "integer"}]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    upload(client, auth_headers, dataset_id, '"a;b;c",n\n"x;y",1\n')
    assert rows_of(client, auth_headers, dataset_id) == [{"a;b;c": "x;y", "n": 1}]
