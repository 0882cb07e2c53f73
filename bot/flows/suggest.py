"""Which published flows fit a ticket, best first.

Exact PSA classification (board, type, subtype) outranks words: a ticket an MSP's
dispatcher already typed as "Printer" should see the printer flow first even if its
summary says "can't print invoices". Keyword overlap with summary and description
orders the rest and finds flows for tickets that were never classified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.flows.model import MatchHints

WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are at be can cannot can't for from has have i in is it its my not of on or the to was with".split()
)


class TicketLike(Protocol):
    summary: str
    description: str | None
    board: str | None
    type: str | None
    subtype: str | None


@dataclass(frozen=True)
class FlowCandidate:
    slug: str
    title: str
    match: MatchHints


@dataclass(frozen=True)
class FoundFlow:
    """A published flow found by words (``/walk flows``), best first."""

    slug: str
    title: str
    category: str
    version: int


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str
    classification_hits: int  # board/type/subtype equal to the ticket's
    keyword_hits: int

    @property
    def matched(self) -> bool:
        return self.classification_hits > 0 or self.keyword_hits > 0


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def _keyword_hits(keywords: Sequence[str], words: set[str], text: str) -> int:
    hits = 0
    for keyword in keywords:
        k = _norm(keyword)
        # Multi-word keywords ("mailbox full") match as phrases, single words as words.
        if (" " in k and k in text) or k in words:
            hits += 1
    return hits


def rank_flows(ticket: TicketLike, flows: Sequence[FlowCandidate], *, limit: int = 5) -> list[Suggestion]:
    """Flows with any match, best first; ties keep title order so the list is stable."""
    text = _norm(f"{ticket.summary} {ticket.description or ''}")
    words = _words(text)
    scored = []
    for flow in flows:
        classification = sum(
            1
            for value, hints in (
                (ticket.board, flow.match.boards),
                (ticket.type, flow.match.types),
                (ticket.subtype, flow.match.subtypes),
            )
            if value and _norm(value) in {_norm(h) for h in hints}
        )
        suggestion = Suggestion(flow.slug, flow.title, classification, _keyword_hits(flow.match.keywords, words, text))
        if suggestion.matched:
            scored.append(suggestion)
    scored.sort(key=lambda s: (-s.classification_hits, -s.keyword_hits, s.title))
    return scored[:limit]
