"""This week's report: walks started since Monday 00:00 in the account's timezone."""

from __future__ import annotations

import uuid
from datetime import datetime

from bot.insights.period import week_start
from bot.insights.report import Report, build_report
from bot.insights.top_flows import TopFlow, top_flows
from bot.runtime import Runtime
from bot.walks.actors import Actor
from storage.queries import insights
from storage.queries.insights import Period


async def this_weeks_report(
    runtime: Runtime, account_id: uuid.UUID, now: datetime, *, with_technicians: bool
) -> Report:
    async with runtime.db.begin() as db:
        timezone, _ = await insights.report_settings(db, account_id)
        period = Period(account_id, week_start(now, timezone), now)
        return await build_report(db, period, timezone=timezone, with_technicians=with_technicians)


async def home_insights(runtime: Runtime, actor: Actor, now: datetime) -> list[TopFlow] | None:
    """The App Home Insights of this week: admins only (None for everyone else)."""
    if not actor.is_admin:
        return None
    return top_flows(await this_weeks_report(runtime, actor.account_id, now, with_technicians=True))
