"""Candidates for new flows as admins see them in Slack: each recurring group of ad-hoc and AI walks, and its
resolved walks named by their ticket, each ready for *Propose as flow* (bot.proposals.drafts.propose_walk)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.insights.report import Candidate
from bot.rendering.insights import CandidateGroup, CandidateWalk
from bot.walks.labels import problem_category_label

MAX_GROUPS = 5


def candidate_groups(candidates: Sequence[Candidate]) -> tuple[CandidateGroup, ...]:
    """The report's first few candidate groups, each with its first few resolved walks by ticket."""
    return tuple(
        CandidateGroup(
            category=problem_category_label(c.category),
            word=c.word,
            walks=c.walks,
            resolved=c.resolved,
            shown=tuple(CandidateWalk(w.session_id, w.revision, w.ticket, w.draft_slug) for w in c.resolved_walks),
        )
        for c in list(candidates)[:MAX_GROUPS]
    )
