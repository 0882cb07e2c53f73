"""The listener work still running after Slack got its answer, so that stopping walkbot waits for it.

Bolt acknowledges a request first and runs its listener as a task of its own (``process_before_response=False``)
that nothing else keeps: closing the database and the HTTP session under it would leave a click half done (its
card posted, its row not written), and its transaction would race whatever runs next on the database (a test's
TRUNCATE deadlocked against one). ``bot/app.py`` tracks each listener's task here as it starts, and
``bot/server.py`` starts here the dispatch of a click it answered before Bolt ran (``bot/early_ack.py``);
``Runtime.close`` waits for them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class ListenerWork:
    def __init__(self) -> None:
        self._running: set[asyncio.Task] = set()

    def track_current_task(self) -> None:
        """Called at the start of a listener, in its own task; the task is forgotten when it ends."""
        task = asyncio.current_task()
        if task is not None and task not in self._running:
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    def start(self, work: Coroutine[Any, Any, None]) -> asyncio.Task:
        """Run ``work`` as a task of its own, tracked like a listener (a request dispatched after its answer)."""
        task = asyncio.ensure_future(work)
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return task

    async def finish(self, seconds: float) -> None:
        """Wait for the running listeners (and any they start meanwhile) to end; after ``seconds``, cancel the
        rest and wait for that, so no listener touches the database after its process closed it."""
        current = asyncio.current_task()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while waiting := self._running - {current}:
            left = deadline - loop.time()
            if left <= 0:
                log.warning("stopping: %d listener(s) still running after %ss are cancelled", len(waiting), seconds)
                for task in waiting:
                    task.cancel()
                await asyncio.gather(*waiting, return_exceptions=True)
                return
            await asyncio.wait(waiting, timeout=left)
