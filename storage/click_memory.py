"""A process's memory of the walks its clicks last wrote, so the next click on the card needs no read.

A technician clicks through a walk's steps one after another, and each click is served by a process
that has just written the walk. Keeping that write (the walk, its clicker and the rows' versions) lets
the next click step from it and send a single statement: ``sessions.write_click`` writes only if the
walk, the clicker's account and user are still at the remembered versions, and otherwise returns them
as they are now. So the memory is never trusted for anything but saving a read: anything that wrote in
between (another process, a thread note, a take-over, a role change) costs one more statement, not a
wrong step.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict

from storage.queries.sessions import ClickedWalk, copy_of_clicked

# Walks remembered per process: a busy MSP has far fewer walks moving at once.
REMEMBERED_WALKS = 2_048


class ClickMemory:
    """The last write of each recently clicked walk, by walk id, least recently used forgotten first."""

    def __init__(self, limit: int = REMEMBERED_WALKS) -> None:
        self._limit = limit
        self._walks: OrderedDict[uuid.UUID, ClickedWalk] = OrderedDict()

    def recall(self, session_id: uuid.UUID, team_id: str, slack_user_id: str) -> ClickedWalk | None:
        """A copy of the walk as this process last wrote it, if the same person in the same workspace clicked."""
        found = self._walks.get(session_id)
        if found is None or found.team_id != team_id or found.slack_user_id != slack_user_id:
            return None
        self._walks.move_to_end(session_id)
        return copy_of_clicked(found)

    def keep(self, clicked: ClickedWalk) -> None:
        """Remember a walk as just written (a copy: the caller goes on using its own)."""
        self._walks[clicked.session.id] = copy_of_clicked(clicked)
        self._walks.move_to_end(clicked.session.id)
        if len(self._walks) > self._limit:
            self._walks.popitem(last=False)

    def forget(self, session_id: uuid.UUID) -> None:
        self._walks.pop(session_id, None)

    def __len__(self) -> int:
        return len(self._walks)
