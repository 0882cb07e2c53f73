"""The click memory: recalled only for the same clicker, as a copy, and bounded."""

from __future__ import annotations

import uuid

from storage.click_memory import ClickMemory
from storage.models import L1WalkSession
from storage.queries.sessions import ClickedWalk


def _clicked(team: str = "T1", user: str = "U1", node: str = "n1") -> ClickedWalk:
    columns = {column.key: None for column in L1WalkSession.__table__.c}  # a row as read: every column there
    walk = L1WalkSession(**{**columns, "id": uuid.uuid4(), "account_id": uuid.uuid4(), "current_node_id": node})
    return ClickedWalk(walk, walk.account_id, team, None, (), uuid.uuid4(), user, "l1", True, 7, 8, 9)


def test_a_walk_is_recalled_only_for_the_same_person_in_the_same_workspace():
    memory, clicked = ClickMemory(), _clicked()
    memory.keep(clicked)

    recalled = memory.recall(clicked.session.id, "T1", "U1")

    assert recalled is not None and recalled.walk_version == 7 and recalled.session.current_node_id == "n1"
    assert memory.recall(clicked.session.id, "T1", "U2") is None
    assert memory.recall(clicked.session.id, "T2", "U1") is None
    assert memory.recall(uuid.uuid4(), "T1", "U1") is None


def test_what_is_recalled_is_a_copy_the_caller_may_step():
    memory, clicked = ClickMemory(), _clicked()
    memory.keep(clicked)
    clicked.session.current_node_id = "changed after keeping"

    first = memory.recall(clicked.session.id, "T1", "U1")
    first.session.current_node_id = "stepped by a click"

    assert memory.recall(clicked.session.id, "T1", "U1").session.current_node_id == "n1"


def test_the_least_recently_clicked_walk_is_forgotten_first():
    memory = ClickMemory(limit=2)
    old, used, new = _clicked(), _clicked(), _clicked()
    memory.keep(old)
    memory.keep(used)
    memory.recall(old.session.id, "T1", "U1")  # clicked again: now the most recent

    memory.keep(new)

    assert len(memory) == 2
    assert memory.recall(used.session.id, "T1", "U1") is None
    assert memory.recall(old.session.id, "T1", "U1") is not None


def test_a_forgotten_walk_is_read_again():
    memory, clicked = ClickMemory(), _clicked()
    memory.keep(clicked)
    memory.forget(clicked.session.id)
    memory.forget(uuid.uuid4())  # nothing to forget: no error

    assert memory.recall(clicked.session.id, "T1", "U1") is None
