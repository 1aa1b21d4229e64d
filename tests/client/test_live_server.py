"""The client once against a real ``gaugeboard serve`` (gunicorn, real sockets): a
notebook's session from a DataFrame (streamed as one chunked CSV upload) to its history, a
schedule run waited for, the account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from gaugeboard.client import Account, Data, Schedule, SessionManager, connect
from tests.live_server import running_server


def test_a_whole_session_against_a_running_server(
    cli_env: dict[str, str], tmp_path: Path, make_token: Callable[..., str]
) -> None:
    token = make_token("admin")
    env = {**cli_env, "GAUGEBOARD_JOBS_POLL_SECONDS": "1"}
    frame = pd.DataFrame(
        {
            "region": pd.Series(["north", "south", None], dtype="category"),
            "amount": [1.5, float("nan"), 3.0],
            "units": [1, 2, 3],
            "paid": [True, False, True],
            "at": pd.to_datetime(
                ["2026-01-01 10:00", "2026-01-02 11:00", "2026-01-03 12:00"]
            ).tz_localize("Asia/Tokyo"),
            "day": [dt.date(2026, 1, 1), dt.date(2026, 1, 2), None],
        }
    )
    with running_server(env, tmp_path / "serve.log") as url:
        session = connect(url + "/api/", token=token, backoff=0)
        uploads: list[tuple[int, str | None]] = []
        session.http.event_hooks["response"].append(
            lambda answer: (
                uploads.append(
                    (answer.status_code, answer.request.headers.get("Transfer-Encoding"))
                )
                if answer.request.headers.get("Content-Type", "").startswith("text/csv")
                else None
            )
        )
        data = Data()
        rec_id = data.static_send_data("live", "from a notebook", frame)["rec_id"]
        data.append_data(rec_id, frame, chunk_size=2)
        data.delete_data(rec_id, {"units": 2}, multiple_rows="first")
        back = data.get_data(rec_id, page_size=2)
        history = data.get_data_history(rec_id)
        first = data.get_data_history(rec_id, ver_id=1)
        (vacuum,) = [
            s for s in Schedule().get_schedule(output="dict") if s["name"] == "datasets.vacuum"
        ]
        run = Schedule().trigger_schedule(vacuum["id"], wait=True, poll_seconds=0.2, timeout=60)
        usage = Account().get_account(output="dict")["usage"]
        SessionManager.close()
    assert session.http.is_closed
    assert uploads == [(200, "chunked")]  # the frame streamed through gunicorn, no 411
    assert back["units"].tolist() == [1, 3, 1, 2, 3] and len(first) == 3
    assert back["at"].tolist()[0] == pd.Timestamp("2026-01-01 01:00", tz="UTC")
    assert history["version"].tolist() == [4, 3, 2, 1, 0]
    assert (run["state"], usage["datasets"]) == ("succeeded", 1)
