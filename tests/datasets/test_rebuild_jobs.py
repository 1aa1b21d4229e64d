"""Rebuilds as job runs through the real runner (queued for a caller, or due on a schedule),
ending with a summary or a clear error; and the vacuum job deleting old versions' files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from deltalake import DeltaTable
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.jobs import REBUILD, VACUUM, queue_rebuild
from gaugeboard.datasets.query import RowFilter
from gaugeboard.datasets.rows import append_rows, delete_rows, versions
from gaugeboard.datasets.schemas import DatasetChange
from gaugeboard.datasets.service import change_dataset
from gaugeboard.datasets.sources import set_source
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.jobs.schemas import ScheduleCreate
from gaugeboard.jobs.service import create_schedule
from gaugeboard.store import job_schedules
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import replace_grants
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state
from tests.datasets.rebuild_helpers import (
    FeedServer,
    actor_named,
    dataset_row,
    new_dataset,
    place_of,
    stored_rows,
)
from tests.jobs.helpers import past, queue, run_row, runner_of

COLUMNS = [("region", "text"), ("amount", "number")]
FIRST = [{"region": "north", "amount": 10}, {"region": "south", "amount": 20}]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    """Rebuilds here fetch from a server on 127.0.0.1."""
    return {**settings_overrides, "URL_ALLOW_PRIVATE": True}


@pytest.fixture
def feed() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def ada(app: Flask, make_user: Callable[..., Any]) -> Actor:
    make_user("ada", role="editor")
    return actor_named(app, "ada")


def sales(app: Flask, actor: Actor, source: dict[str, Any] | None, **fields: Any) -> int:
    dataset_id = new_dataset(app, actor, "sales", COLUMNS, **fields)
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), actor, dataset_id, FIRST)
        if source is not None:
            set_source(db, actor, dataset_id, source)
    return dataset_id


def json_feed(feed: FeedServer, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "url", "url": feed.put("/sales.json", json.dumps(rows).encode(), "text/json")}


def queue_for(app: Flask, actor: Actor, key: str | int, method: str) -> JobRun:
    with state(app).database.sessions() as db:
        return queue_rebuild(runner_of(app).env, db, actor, key, method)


def test_a_queued_rebuild_runs_and_ends_with_a_summary(
    app: Flask, ada: Actor, feed: FeedServer
) -> None:
    rows = [{"region": "east", "amount": 5.5}]
    dataset_id = sales(app, ada, json_feed(feed, rows))
    run = queue_for(app, ada, dataset_id, "reload")
    assert (run.job_type, run.target_kind, run.target_id) == (REBUILD, "dataset", str(dataset_id))
    runner_of(app).tick()
    ended = run_row(app, run.id)
    assert ended.state == "succeeded", ended.error
    assert ended.result == {
        "method": "reload",
        "version": 2,
        "source_rows": 1,
        "rows_added": 1,
        "rows_updated": 0,
        "rows_deleted": 2,
        "row_count": 1,
    }
    assert (ended.progress_done, ended.progress_total) == (2, 2)
    assert [(row["region"], row["amount"]) for row in stored_rows(app, dataset_id)] == [
        ("east", 5.5)
    ]
    assert place_of(app).table(dataset_id).history()[0].author == "ada"


def test_a_failing_source_fails_the_run_saying_why(
    app: Flask, ada: Actor, feed: FeedServer
) -> None:
    address = feed.put("/down", b"maintenance", "text/plain", status=503)
    dataset_id = sales(app, ada, {"type": "url", "url": address})
    run = queue_for(app, ada, dataset_id, "append")
    runner_of(app).tick()
    ended = run_row(app, run.id)
    assert ended.state == "failed"
    assert ended.error == f"url: {address} answered HTTP 503"
    assert len(stored_rows(app, dataset_id)) == 2


def test_a_bad_source_row_fails_the_run_and_writes_nothing(
    app: Flask, ada: Actor, feed: FeedServer
) -> None:
    rows = [{"region": "east", "amount": 1}, {"region": "west", "amount": "n/a"}]
    dataset_id = sales(app, ada, json_feed(feed, rows))
    run = queue_for(app, ada, dataset_id, "reload")
    runner_of(app).tick()
    ended = run_row(app, run.id)
    assert (ended.state, ended.error) == ("failed", "source[1].amount: 'n/a' is not a number")
    assert dataset_row(app, dataset_id).version == 1


def test_a_private_address_fails_the_run_without_the_setting(
    app_factory: Callable[..., Flask], feed: FeedServer
) -> None:
    app = app_factory(URL_ALLOW_PRIVATE=False)
    with state(app).database.sessions() as db:
        create_user(db, "ada", "correct horse battery", "editor")
        db.commit()
    ada = actor_named(app, "ada")
    dataset_id = sales(app, ada, json_feed(feed, FIRST))
    run = queue_for(app, ada, dataset_id, "reload")
    runner_of(app).tick()
    ended = run_row(app, run.id)
    assert ended.state == "failed" and "non-public address 127.0.0.1" in ended.error


def test_queueing_checks_everything_the_rebuild_needs_at_once(app: Flask, ada: Actor) -> None:
    dataset_id = sales(app, ada, None)
    with pytest.raises(ValidationFailed) as caught:
        queue_for(app, ada, dataset_id, "update")
    assert caught.value.errors == [
        "source: the data set 'sales' has no source to rebuild from",
        "method: update matches rows on the key columns, and 'sales' has none",
    ]
    with pytest.raises(ValidationFailed, match="'merge' is not a rebuild method"):
        queue_for(app, ada, dataset_id, "merge")


def test_only_editors_of_the_data_set_queue_a_rebuild(
    app: Flask, ada: Actor, make_user: Callable[..., Any], feed: FeedServer
) -> None:
    dataset_id = sales(app, ada, json_feed(feed, FIRST))
    make_user("vic", role="viewer")
    with pytest.raises(Forbidden):
        queue_for(app, actor_named(app, "vic"), dataset_id, "reload")
    with pytest.raises(NotFound):
        queue_for(app, ada, 999, "reload")


def test_a_scheduled_rebuild_runs_as_the_schedule_s_owner(
    app: Flask, ada: Actor, feed: FeedServer
) -> None:
    dataset_id = sales(app, ada, json_feed(feed, [{"region": "east", "amount": 1}]))
    body = ScheduleCreate(
        name="nightly sales",
        job_type=REBUILD,
        arguments={"method": "append"},
        target_kind="dataset",
        target_id=str(dataset_id),
        every_seconds=3600,
    )
    with state(app).database.sessions() as db:
        schedule_id = create_schedule(runner_of(app).env, db, ada, body)["id"]
        row = job_schedules.by_id(db, schedule_id)
        assert row is not None
        row.next_due_at = past(5)
        db.commit()
    report = runner_of(app).tick()
    ended = run_row(app, report.queued[0])
    assert ended.state == "succeeded", ended.error
    assert ended.result["rows_added"] == 1
    assert place_of(app).table(dataset_id).history()[0].author == "ada"


def schedule_rebuild(app: Flask, actor: Actor, target: str, method: str = "reload") -> Any:
    body = ScheduleCreate(
        name=f"rebuild {target} {method}",
        job_type=REBUILD,
        arguments={"method": method},
        target_id=target,
        every_seconds=60,
    )
    with state(app).database.sessions() as db:
        return create_schedule(runner_of(app).env, db, actor, body)


def test_a_schedule_needs_a_data_set_its_owner_may_change(
    app: Flask, ada: Actor, make_user: Callable[..., Any], feed: FeedServer
) -> None:
    dataset_id = sales(app, ada, json_feed(feed, FIRST), folder="finance")
    otto, val = make_user("otto", role="editor"), make_user("val", role="editor")
    with state(app).database.sessions() as db:
        replace_grants(
            db,
            "finance",
            [
                FolderGrant(folder="finance", user_id=ada.user_id, role="editor"),
                FolderGrant(folder="finance", user_id=val.id, role="viewer"),
            ],
        )
        db.commit()
    assert schedule_rebuild(app, ada, str(dataset_id))["target_id"] == str(dataset_id)
    with pytest.raises(ValidationFailed, match="target_id: no data set has the id '4040'"):
        schedule_rebuild(app, ada, "4040")
    with pytest.raises(ValidationFailed, match="target_id: no data set has the id"):
        schedule_rebuild(app, actor_named(app, otto.name), str(dataset_id))
    with pytest.raises(Forbidden, match="you may not change the data set 'sales'"):
        schedule_rebuild(app, actor_named(app, val.name), str(dataset_id))
    with pytest.raises(ValidationFailed, match="arguments.method"):
        schedule_rebuild(app, ada, str(dataset_id), method="merge")


def test_a_run_whose_user_is_gone_fails_instead_of_acting_as_nobody(
    app: Flask, ada: Actor, feed: FeedServer
) -> None:
    dataset_id = sales(app, ada, json_feed(feed, FIRST))
    run = queue_for(app, ada, dataset_id, "reload")
    with state(app).database.sessions() as db:
        user = find_user_by_name(db, "ada")
        assert user is not None
        user.is_active = False
        db.commit()
    runner_of(app).tick()
    ended = run_row(app, run.id)
    assert ended.state == "failed" and "that user no longer exists or is disabled" in ended.error
    assert dataset_row(app, dataset_id).version == 1


# -- vacuum ------------------------------------------------------------------------------


def three_versions(
    app: Flask, actor: Actor | None, keep_versions: bool, name: str = "history"
) -> int:
    dataset_id = new_dataset(app, actor, name, COLUMNS, keep_versions=keep_versions)
    for amount in (1, 2, 3):
        with state(app).database.sessions() as db:
            append_rows(db, place_of(app), actor, dataset_id, [{"region": "r", "amount": amount}])
    with state(app).database.sessions() as db:
        gone = [RowFilter(column="amount", value=1)]
        delete_rows(db, place_of(app), actor, dataset_id, gone, first_only=False)
    return dataset_id


def data_files(app: Flask, dataset_id: int) -> set[str]:
    return {path.name for path in place_of(app).table(dataset_id).path.glob("*.parquet")}


def current_files(app: Flask, dataset_id: int) -> set[str]:
    table = DeltaTable(str(place_of(app).table(dataset_id).path))
    return {uri.rsplit("/", 1)[-1] for uri in table.file_uris()}


def vacuum(app: Flask) -> JobRun:
    run_id = queue(app, VACUUM)
    runner_of(app).tick()
    return run_row(app, run_id)


def readable(app: Flask, dataset_id: int, version: int) -> bool:
    try:
        stored_rows(app, dataset_id, version)
    except Exception:
        return False
    return True


def test_vacuum_keeps_nothing_past_the_current_version_without_versions(
    app: Flask, ada: Actor
) -> None:
    dataset_id = three_versions(app, ada, keep_versions=False)
    rows = stored_rows(app, dataset_id)
    assert data_files(app, dataset_id) > current_files(app, dataset_id)
    ended = vacuum(app)
    assert ended.state == "succeeded", ended.error
    assert ended.result["files_deleted"] >= 1 and ended.result["datasets"] == 1
    assert data_files(app, dataset_id) == current_files(app, dataset_id)
    assert not readable(app, dataset_id, 1)
    dataset = dataset_row(app, dataset_id)
    assert stored_rows(app, dataset_id, dataset.version) == rows
    assert dataset.size_bytes == place_of(app).table(dataset_id).size_bytes()


def test_vacuum_keeps_recent_versions_of_a_data_set_with_versions(app: Flask, ada: Actor) -> None:
    dataset_id = three_versions(app, ada, keep_versions=True)
    files = data_files(app, dataset_id)
    ended = vacuum(app)
    assert (ended.state, ended.result["files_deleted"]) == ("succeeded", 0)
    assert data_files(app, dataset_id) == files
    assert [row["amount"] for row in stored_rows(app, dataset_id, 1)] == [1.0]


def test_vacuum_with_zero_days_keeps_only_the_current_version(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(DATASET_VERSION_DAYS=0)
    dataset_id = three_versions(app, None, keep_versions=True)
    ended = vacuum(app)
    assert ended.state == "succeeded", ended.error
    assert data_files(app, dataset_id) == current_files(app, dataset_id)
    assert not readable(app, dataset_id, 1)
    assert readable(app, dataset_id, dataset_row(app, dataset_id).version)


def test_vacuum_is_a_daily_system_schedule(app: Flask) -> None:
    with state(app).database.sessions() as db:
        schedule = job_schedules.by_name(db, VACUUM)
        assert schedule is not None
        assert (schedule.system, schedule.every_seconds) == (True, 86400)


def age_removals(app: Flask, dataset_id: int, days: float) -> None:
    """Date every file removal in the table's log ``days`` back, as if the writes that
    replaced those files had happened then (Delta's vacuum judges age by these times)."""
    back = int(days * 86_400_000)
    for entry in (place_of(app).table(dataset_id).path / "_delta_log").glob("*.json"):
        actions = [json.loads(line) for line in entry.read_text().splitlines() if line]
        for action in actions:
            if "remove" in action:
                action["remove"]["deletionTimestamp"] -= back
        entry.write_text("".join(json.dumps(action) + "\n" for action in actions))


def test_vacuum_deletes_versions_older_than_the_setting_only(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(DATASET_VERSION_DAYS=2)
    old = three_versions(app, None, keep_versions=True, name="old")
    young = three_versions(app, None, keep_versions=True, name="young")
    age_removals(app, old, 3)
    age_removals(app, young, 1)
    young_files = data_files(app, young)
    ended = vacuum(app)
    assert ended.state == "succeeded", ended.error
    assert data_files(app, old) == current_files(app, old) and not readable(app, old, 1)
    assert [row["amount"] for row in stored_rows(app, old)] == [2.0, 3.0]
    assert data_files(app, young) == young_files and readable(app, young, 1)


def listed_versions(app: Flask, dataset_id: int) -> list[int]:
    with state(app).database.sessions() as db:
        return [entry.version for entry in versions(db, place_of(app), None, dataset_id)]


def test_each_write_adds_to_the_version_count(app: Flask, ada: Actor) -> None:
    dataset_id = three_versions(app, ada, keep_versions=True)
    assert dataset_row(app, dataset_id).version_count == len(listed_versions(app, dataset_id))


def test_the_vacuums_own_commits_are_not_listed_as_versions(app: Flask, ada: Actor) -> None:
    dataset_id = three_versions(app, ada, keep_versions=True)
    before = listed_versions(app, dataset_id)
    assert vacuum(app).state == "succeeded"
    assert listed_versions(app, dataset_id) == before


def test_after_a_vacuum_the_count_is_what_is_still_listed(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(DATASET_VERSION_DAYS=0)
    dataset_id = three_versions(app, None, keep_versions=True)
    assert vacuum(app).state == "succeeded"
    assert dataset_row(app, dataset_id).version_count == len(listed_versions(app, dataset_id))
    assert dataset_row(app, dataset_id).version_count < 5


def test_turning_versions_off_later_lets_the_vacuum_drop_them(app: Flask, ada: Actor) -> None:
    dataset_id = three_versions(app, ada, keep_versions=True)
    with state(app).database.sessions() as db:
        change_dataset(db, ada, dataset_id, DatasetChange(keep_versions=False))
    assert vacuum(app).state == "succeeded"
    assert not readable(app, dataset_id, 1)
