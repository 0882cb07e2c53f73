"""A report's four aggregates read at once, on two connections, in the snapshot of the report's transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.insights.report import FiguresReader
from storage.queries import insights
from storage.queries.insights import Period, PeriodFigures

T = TypeVar("T")


def concurrent_figures(sessions: async_sessionmaker[AsyncSession]) -> FiguresReader:
    """Reads the per-node pass (most of a report's time) on one connection and the outcome counts, escalation
    categories and candidate groups on another, at once. Both read-only transactions import the snapshot the
    report's transaction exports: the figures are those of one moment, exactly as if read one after another in
    it, while the two passes share the cores the database has free. The report's transaction stays open (it
    holds the snapshot) and two more pooled connections are taken meanwhile; what it wrote and has not
    committed is not in the snapshot."""

    async def read(db: AsyncSession, period: Period) -> PeriodFigures:
        snapshot = await insights.export_snapshot(db)

        async def in_snapshot(read_with: Callable[[AsyncSession], Awaitable[T]]) -> T:
            async with sessions.begin() as sibling:
                await insights.read_in_snapshot(sibling, snapshot)
                return await read_with(sibling)

        async def the_rest(sibling: AsyncSession):
            return (
                await insights.outcome_counts(sibling, period),
                await insights.top_escalation_categories(sibling, period),
                await insights.recurring_problems(sibling, period),
            )

        paths, (counts, categories, recurring) = await asyncio.gather(
            in_snapshot(lambda sibling: insights.path_figures(sibling, period)), in_snapshot(the_rest)
        )
        return PeriodFigures(counts, categories, paths, recurring)

    return read
