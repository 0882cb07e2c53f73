"""Candidates for new flows as admins see them in Slack: each recurring group of ad-hoc and AI walks, and its
resolved walks named by their ticket, each ready for *Propose as flow* (bot.proposals.drafts.propose_walk)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rendering.insights import CandidateGroup, CandidateWalk
from bot.walks.labels import problem_category_label
from bot.walks.tickets import ticket_from_snapshot, ticket_label
from storage.queries import insights
from storage.queries.insights import RecurringProblem, ResolvedWalk

MAX_GROUPS = 5
WALKS_PER_GROUP = 3  # an App Home view holds 100 blocks; five groups of three stay well inside


async def candidate_groups(
    db: AsyncSession, account_id: uuid.UUID, candidates: Sequence[RecurringProblem]
) -> tuple[CandidateGroup, ...]:
    """The report's first few candidate groups, each with its first few resolved walks by ticket."""
    shown = list(candidates)[:MAX_GROUPS]
    wanted = list(dict.fromkeys(sid for c in shown for sid in c.resolved_session_ids[:WALKS_PER_GROUP]))
    walks = {w.session_id: w for w in await insights.resolved_walks(db, account_id, wanted)}
    return tuple(
        CandidateGroup(
            category=problem_category_label(c.category),
            word=c.word,
            walks=c.walks,
            resolved=len(c.resolved_session_ids),
            shown=tuple(
                _candidate_walk(walks[sid]) for sid in c.resolved_session_ids[:WALKS_PER_GROUP] if sid in walks
            ),
        )
        for c in shown
    )


def _candidate_walk(walk: ResolvedWalk) -> CandidateWalk:
    if walk.ticket_snapshot:
        label = ticket_label(ticket_from_snapshot(walk.ticket_snapshot))
    else:
        label = f"Ticket {walk.ticket_id}"
    return CandidateWalk(walk.session_id, walk.revision, label, walk.draft_slug)
