"""The sealer keeps the persons' ids between passes: only persons it has not met are looked
up in (or added to) the catalog's dictionary, and every event still gets its id."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from gaugeboard.events import segments
from gaugeboard.events.engine import open_event_view
from gaugeboard.events.known_persons import KnownPersons
from gaugeboard.store import events as store
from tests.events.helpers import DAY1, DAY2, ingest


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The persons the sealer asks the catalog's dictionary about."""
    asked: list[str] = []
    real = store.person_ids

    def counting(db: Session, persons: list[str]) -> dict[str, int]:
        asked.extend(persons)
        return real(db, persons)

    monkeypatch.setattr(store, "person_ids", counting)
    return asked


def persons_and_ids(db: Session, root: Path) -> list[tuple[str, int]]:
    with open_event_view(db, root) as view:
        sql = "SELECT person, pid FROM events WHERE person <> '' ORDER BY ts"
        return [(row[0], row[1]) for row in view.connection.execute(sql).fetchall()]


def test_a_later_pass_asks_the_catalog_only_about_new_persons(
    db: Session, root: Path, looked_up: list[str]
) -> None:
    known = KnownPersons()
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY1}, {"_n": "x", "_p": "bob", "_t": DAY1})
    segments.seal_tail(db, root, known=known)
    looked_up.clear()
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY2}, {"_n": "x", "_p": "cy", "_t": DAY2})
    segments.seal_tail(db, root, known=known)
    assert sorted(set(looked_up)) == ["cy"]


def test_known_persons_keep_the_catalogs_ids(db: Session, root: Path) -> None:
    known = KnownPersons()
    for day in (DAY1, DAY2):
        ingest(db, {"_n": "x", "_p": "ann", "_t": day}, {"_n": "x", "_p": "bob", "_t": day})
        segments.seal_tail(db, root, known=known)
    ids = store.person_ids(db, ["ann", "bob"])
    assert persons_and_ids(db, root) == [(p, ids[p]) for p in ["ann", "bob", "ann", "bob"]]


def test_past_the_limit_the_persons_are_read_again(
    db: Session, root: Path, looked_up: list[str]
) -> None:
    known = KnownPersons(limit=1)
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY1}, {"_n": "x", "_p": "bob", "_t": DAY1})
    segments.seal_tail(db, root, known=known)
    looked_up.clear()
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY2})
    segments.seal_tail(db, root, known=known)
    asked = list(looked_up)
    ann = store.person_ids(db, ["ann"])["ann"]
    assert (asked, len(known), persons_and_ids(db, root)[-1]) == (["ann"], 1, ("ann", ann))


def test_ids_are_remembered_in_the_order_given() -> None:
    known = KnownPersons()
    known.add({"ann": 1, "bob": 2})
    known.add({})
    known.add({"cy": 3})
    assert known.table.to_pylist() == [
        {"person": "ann", "pid": 1},
        {"person": "bob", "pid": 2},
        {"person": "cy", "pid": 3},
    ]


def test_trimming_below_the_limit_keeps_everything() -> None:
    known = KnownPersons(limit=2)
    known.add({"ann": 1, "bob": 2})
    known.trim()
    assert len(known) == 2


def test_a_person_listed_twice_still_has_each_event_once(db: Session, root: Path) -> None:
    known = KnownPersons()
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY1})
    segments.seal_tail(db, root, known=known)
    known.add({"ann": store.person_ids(db, ["ann"])["ann"]})  # the same person again
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY2})
    segments.seal_tail(db, root, known=known)
    assert len(persons_and_ids(db, root)) == 2
