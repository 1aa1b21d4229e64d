"""``User()`` and ``Team()`` against the real app: every method ClicData's client planned,
by id as its scripts call them (and by name), and a team's parameter restricting the rows
``Data().get_data`` returns to a member."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gaugeboard.client import Conflict, Data, Forbidden, NotFound, Session, Team, User
from tests.conftest import DEFAULT_PASSWORD

NEW_PASSWORD = "another long passphrase"


@pytest.fixture
def users(session: Session) -> User:
    return User(session=session)


@pytest.fixture
def teams(session: Session) -> Team:
    return Team(session=session)


def test_create_then_get_by_id(users: User) -> None:
    made = users.create_user("ann", DEFAULT_PASSWORD, role="editor")
    found = users.get_user(made["id"])
    assert (found["name"], found["role"], found["teams"]) == ("ann", "editor", [])


def test_get_every_user_as_dicts(users: User) -> None:
    users.create_user("ann", DEFAULT_PASSWORD)
    names = [user["name"] for user in users.get_user(output="dict")]
    assert "ann" in names


def test_get_every_user_as_a_data_frame(users: User) -> None:
    pytest.importorskip("pandas")
    users.create_user("ann", DEFAULT_PASSWORD)
    frame = users.get_user()
    assert "ann" in list(frame["name"])


def test_update_renames_and_changes_the_role(users: User) -> None:
    made = users.create_user("ann", DEFAULT_PASSWORD)
    changed = users.update_user(made["id"], name="anna", role="editor")
    assert (changed["name"], changed["role"]) == ("anna", "editor")


def test_update_deactivates(users: User) -> None:
    made = users.create_user("ann", DEFAULT_PASSWORD)
    assert users.update_user(made["id"], active=False)["active"] is False


def test_an_admin_sets_a_password_then_the_user_signs_in_with_it(
    users: User, session: Session
) -> None:
    made = users.create_user("ann", DEFAULT_PASSWORD)
    users.set_user_password(made["id"], NEW_PASSWORD)
    signed_in = session.request("POST", "login", json={"username": "ann", "password": NEW_PASSWORD})
    assert signed_in.json()["ok"] is True


def test_a_user_sets_their_own_password(
    users: User, open_session: Callable[..., Session], make_token: Callable[..., str]
) -> None:
    users.create_user("ann", DEFAULT_PASSWORD)
    own = User(session=open_session(token=make_token(user_name="ann")))
    own.set_user_password("me", NEW_PASSWORD, current_password=DEFAULT_PASSWORD)
    with pytest.raises(Forbidden) as refused:
        own.set_user_password("me", DEFAULT_PASSWORD, current_password="not my password!")
    assert refused.value.errors == ["current_password: this is not your current password"]


def test_delete_answers_who_was_deleted(users: User) -> None:
    made = users.create_user("ann", DEFAULT_PASSWORD)
    assert users.delete_user(made["id"]) == {"id": made["id"], "name": "ann", "role": "viewer"}
    with pytest.raises(NotFound):
        users.get_user(made["id"])


def test_the_last_admin_cannot_delete_themselves(users: User) -> None:
    me = users.get_me()
    with pytest.raises(Conflict):
        users.delete_user(me["id"])


def test_team_create_get_rename_delete(teams: Team) -> None:
    made = teams.create_team("ops")
    assert teams.get_team(made["id"])["name"] == "ops"
    assert teams.rename_team(made["id"], "sre")["name"] == "sre"
    teams.delete_team(made["id"])
    with pytest.raises(NotFound):
        teams.get_team(made["id"])


def test_renaming_to_a_taken_name_raises_conflict(teams: Team) -> None:
    teams.create_team("sre")
    made = teams.create_team("ops")
    with pytest.raises(Conflict):
        teams.rename_team(made["id"], "sre")


def test_team_list_as_dicts(teams: Team) -> None:
    made = teams.create_team("ops")
    assert teams.get_team(output="dict") == [
        {"id": made["id"], "name": "ops", "members": [], "parameters": {}}
    ]


def test_add_and_remove_team_users_by_id(teams: Team, users: User) -> None:
    team = teams.create_team("ops")
    ann = users.create_user("ann", DEFAULT_PASSWORD)
    assert teams.add_team_user(team["id"], ann["id"])["members"] == ["ann"]
    assert users.get_user(ann["id"])["teams"] == ["ops"]
    assert teams.remove_team_user(team["id"], ann["id"])["members"] == []


def test_add_a_team_user_by_name(teams: Team, users: User) -> None:
    teams.create_team("ops")
    users.create_user("ann", DEFAULT_PASSWORD)
    assert teams.add_team_user("ops", "ann")["members"] == ["ann"]


def test_set_and_remove_team_parameters(teams: Team) -> None:
    team = teams.create_team("ops")
    teams.set_team_parameter(team["id"], "region", "north")
    teams.set_team_parameter(team["id"], "cities", ["Oslo", "Bergen"])
    assert teams.get_team_parameters(team["id"]) == {
        "cities": ["Oslo", "Bergen"],
        "region": ["north"],
    }
    assert teams.remove_team_parameter(team["id"], "region")["parameters"] == {
        "cities": ["Oslo", "Bergen"]
    }


def test_a_team_parameter_restricts_the_rows_a_member_gets(
    data: Data,
    teams: Team,
    users: User,
    session: Session,
    open_session: Callable[..., Session],
    make_token: Callable[..., str],
) -> None:
    columns = {"region": "text", "amount": "number"}
    dataset_id = data.create_data("sales", "by region", columns)
    rows = [{"region": "north", "amount": 1.0}, {"region": "south", "amount": 2.0}]
    session.send("POST", f"api/data/{dataset_id}/row", {"rows": rows})
    session.send(
        "PUT",
        f"api/data/{dataset_id}",
        {"row_filters": [{"column": "region", "parameter": "region"}]},
    )
    team = teams.create_team("north")
    teams.set_team_parameter(team["id"], "region", "north")
    ann = users.create_user("ann", DEFAULT_PASSWORD)
    teams.add_team_user(team["id"], ann["id"])
    member = Data(session=open_session(token=make_token(user_name="ann")))
    assert [row["region"] for row in member.get_data(dataset_id, output="dict")] == ["north"]
    assert len(data.get_data(dataset_id, output="dict")) == 2


def test_only_admins_manage_teams(
    open_session: Callable[..., Session], make_token: Callable[..., str]
) -> None:
    editor = Team(session=open_session(token=make_token("editor")))
    with pytest.raises(Forbidden):
        editor.create_team("ops")
