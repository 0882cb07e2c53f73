"""This week's report: walks started since Monday 00:00 in the account's timezone.

Counting a week reads every walk started in it (at a million walks, ~6,200 pages on a Tuesday, three times
that on a Sunday), so the admins' App Home keeps what it counted for ``RECOUNT_AFTER`` per account, in this
process: an open within that time shows those figures, and the Home says when they were counted. What an
admin acts on is read live on every open: the lists, and each candidate walk's revision and whether it was
proposed already (one statement by primary key). With several serve processes, each counts for itself; what
any of them shows is at most ``RECOUNT_AFTER`` old.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.insights.period import week_start
from bot.insights.report import build_report
from bot.insights.top_flows import top_flows
from bot.rendering.insights import CandidateGroup, HomeInsights
from bot.reports.candidates import candidate_groups
from bot.reports.figures import concurrent_figures
from bot.runtime import Runtime
from bot.walks.actors import Actor
from storage.queries import insights
from storage.queries.insights import Period

RECOUNT_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class CountedWeek:
    """This week's Insights as counted at ``home.counted_at``, for the week starting ``since`` in ``timezone``."""

    timezone: str | None
    since: datetime
    home: HomeInsights


class CountedWeeks:
    """Each account's last count of this week, kept for ``keep_for`` (one per process)."""

    def __init__(self, keep_for: timedelta = RECOUNT_AFTER) -> None:
        self.keep_for = keep_for
        self._weeks: dict[uuid.UUID, CountedWeek] = {}

    def recent(self, account_id: uuid.UUID, now: datetime) -> CountedWeek | None:
        """The count still shown at ``now``: younger than ``keep_for`` and of ``now``'s week."""
        counted = self._weeks.get(account_id)
        if counted is None or not self._current(counted, now):
            return None
        return counted

    def keep(self, account_id: uuid.UUID, counted: CountedWeek, now: datetime) -> None:
        self._weeks = {a: c for a, c in self._weeks.items() if self._current(c, now)}  # one entry per account at most
        self._weeks[account_id] = counted

    def __len__(self) -> int:
        return len(self._weeks)

    def _current(self, counted: CountedWeek, now: datetime) -> bool:
        at = counted.home.counted_at
        return at <= now < at + self.keep_for and week_start(now, counted.timezone) == counted.since


COUNTED_WEEKS = CountedWeeks()


async def recent_home_insights(
    runtime: Runtime, actor: Actor, now: datetime, weeks: CountedWeeks = COUNTED_WEEKS
) -> HomeInsights | None:
    """This week's Insights as counted less than ``RECOUNT_AFTER`` ago, each candidate walk as it is now (its
    revision, its draft if proposed since); None when there is no such count (or for anyone but an admin)."""
    counted = weeks.recent(actor.account_id, now) if actor.is_admin else None
    if counted is None:
        return None
    home = counted.home
    shown = [walk.session_id for group in home.candidates for walk in group.shown]
    if not shown:
        return home
    async with runtime.db.begin() as db:
        walks = {w.session_id: w for w in await insights.resolved_walks(db, actor.account_id, shown)}
    return replace(home, candidates=tuple(_as_now(group, walks) for group in home.candidates))


def _as_now(group: CandidateGroup, walks: dict[uuid.UUID, insights.ResolvedWalk]) -> CandidateGroup:
    return replace(
        group,
        shown=tuple(
            replace(walk, revision=walks[walk.session_id].revision, draft_slug=walks[walk.session_id].draft_slug)
            for walk in group.shown
            if walk.session_id in walks
        ),
    )


async def home_insights(
    runtime: Runtime, actor: Actor, now: datetime, weeks: CountedWeeks = COUNTED_WEEKS
) -> HomeInsights | None:
    """The App Home Insights of this week, counted now: admins only (None for everyone else). The flows that
    escalated most, and the candidates for new flows with the resolved walks to propose. Kept in ``weeks``."""
    if not actor.is_admin:
        return None
    async with runtime.db.begin() as db:
        timezone, _ = await insights.report_settings(db, actor.account_id)
        period = Period(actor.account_id, week_start(now, timezone), now)
        report = await build_report(
            db, period, timezone=timezone, with_technicians=True, read_figures=concurrent_figures(runtime.db)
        )
    home = HomeInsights(tuple(top_flows(report)), candidate_groups(report.candidates), now, weeks.keep_for)
    weeks.keep(actor.account_id, CountedWeek(timezone, period.since, home), now)
    return home
