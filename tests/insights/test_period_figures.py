"""A report's four aggregates read at once on connections of their own, in the snapshot of the report's transaction."""

import pytest
from sqlalchemy import text

from bot.reports.figures import concurrent_figures
from storage.queries import insights
from storage.queries.insights import Period, PeriodFigures
from tests.insights.seed import NOW, SINCE, standard_walks
from tests.insights.seed import seed as seed_walks


@pytest.fixture
async def seeded(db):
    async with db.begin() as s:
        return await seed_walks(s, standard_walks())


async def _one_after_another(s, period: Period) -> PeriodFigures:
    return await insights.period_figures(s, period)


async def test_the_same_figures_as_read_one_after_another(db, seeded):
    period = Period(seeded.account_id, SINCE, NOW)
    async with db.begin() as s:
        expected = await _one_after_another(s, period)
    async with db.begin() as s:
        figures = await concurrent_figures(db)(s, period)
    assert figures == expected
    assert any(n.drop_off for n in figures.paths.nodes) and figures.counts and figures.categories


async def test_a_walk_ended_after_the_report_began_is_not_in_its_figures(db, seeded):
    period = Period(seeded.account_id, SINCE, NOW)
    async with db() as report:  # the session's transaction begins with this connection, repeatable read
        await report.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        before = await _one_after_another(report, period)  # the transaction's snapshot is taken here
        async with db.begin() as other:
            ended = await other.execute(
                text(
                    "UPDATE l1_walk_sessions SET status = 'abandoned' "
                    "WHERE account_id = :account_id AND status = 'active'"
                ),
                {"account_id": seeded.account_id},
            )
            assert ended.rowcount > 0
        figures = await concurrent_figures(db)(report, period)
        await report.rollback()
    assert figures == before
    async with db.begin() as s:
        after = await concurrent_figures(db)(s, period)
    assert after.counts != before.counts
