"""This week's report: walks started since Monday 00:00 in the account's timezone."""

from __future__ import annotations

from datetime import datetime

from bot.insights.period import week_start
from bot.insights.report import build_report
from bot.insights.top_flows import top_flows
from bot.rendering.insights import HomeInsights
from bot.reports.candidates import candidate_groups
from bot.reports.figures import concurrent_figures
from bot.runtime import Runtime
from bot.walks.actors import Actor
from storage.queries import insights
from storage.queries.insights import Period


async def home_insights(runtime: Runtime, actor: Actor, now: datetime) -> HomeInsights | None:
    """The App Home Insights of this week: admins only (None for everyone else). The flows that escalated
    most, and the candidates for new flows with the resolved walks to propose."""
    if not actor.is_admin:
        return None
    async with runtime.db.begin() as db:
        timezone, _ = await insights.report_settings(db, actor.account_id)
        period = Period(actor.account_id, week_start(now, timezone), now)
        report = await build_report(
            db, period, timezone=timezone, with_technicians=True, read_figures=concurrent_figures(runtime.db)
        )
    return HomeInsights(tuple(top_flows(report)), candidate_groups(report.candidates))
