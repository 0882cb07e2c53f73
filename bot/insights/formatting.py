"""How figures read, the same in every rendering: durations, shares, rates."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.insights.report import CandidateWalk

MAP_FORMATS = ("svg", "png")  # what a flow map is drawn as (``walkbot flows diagram --format``)


def duration(seconds: float | None) -> str:
    """``1h 05m``, ``12m 30s``, ``45s``; an em dash when there is nothing to measure."""
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.0f}%"


def categories(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in pairs) or "—"


def candidate_walk_label(walk: CandidateWalk) -> str:
    """A candidate's resolved walk by its ticket: ``ConnectWise #12345 · Scanner jams (Acme)``, and the draft
    it already became, if any."""
    company = f" ({walk.company})" if walk.company else ""
    draft = f" — proposed as draft {walk.draft_slug}" if walk.draft_slug else ""
    return f"{walk.ticket}{company}{draft}"
