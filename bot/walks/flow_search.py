"""``/walk flows [words]``: the account's published flows that fit the words, best first.

Ranking is PostgreSQL full-text search (``trees.search_document``, a GIN-indexed tsvector of the
title, the match keywords and every node's text; see ``storage.queries.insights.search_flows``).
"""

from __future__ import annotations

from bot.flows.suggest import FoundFlow
from bot.runtime import Runtime
from bot.walks.actors import Actor
from storage.queries.insights import search_flows

MAX_RESULTS = 10


async def find_flows(runtime: Runtime, actor: Actor, words: str) -> list[FoundFlow]:
    async with runtime.db.begin() as db:
        matches = await search_flows(db, actor.account_id, words, limit=MAX_RESULTS)
    return [FoundFlow(m.slug, m.title, m.category, m.version) for m in matches]
