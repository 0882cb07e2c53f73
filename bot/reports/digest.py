"""The weekly insights digest, posted to the channel an account configured (off by default).

Each account's digest covers the last complete week (Monday 00:00 to Monday 00:00 in its
timezone) and is posted once: the week is claimed in the database first, so several
``walkbot serve`` processes post it once between them. A refusal from Slack releases the
claim (the next pass tries again) and is logged with what to do — most often, invite
@walkbot to the channel. Per-technician figures never appear in a channel, and nothing is
posted to a channel shared with another organisation (Slack Connect: the digest names flows,
customers and their troubles), nor when Slack can't say whether it is (fail closed, as walk
cards and handoffs do; bot/slack_channels.py).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.insights.period import week_start
from bot.insights.report import build_report
from bot.insights.top_flows import top_flows
from bot.rendering.insights import digest_blocks
from bot.reports.figures import concurrent_figures
from bot.runtime import Runtime
from storage.queries import insights, slack_events
from storage.queries.insights import Period

log = logging.getLogger(__name__)

DIGEST_CHECK_SECONDS = 3600
_FIX = {
    "not_in_channel": "walkbot is not a member of <#{channel}>: invite it there (/invite @walkbot)",
    "channel_not_found": "channel {channel} does not exist or walkbot cannot see it: set another with "
    "walkbot report-settings --digest-channel",
    "is_archived": "<#{channel}> is archived: set another with walkbot report-settings --digest-channel",
    "missing_scope": "walkbot lacks chat:write: reinstall it from slack-manifest.yml",
}


@dataclass(frozen=True)
class DigestResult:
    account_id: uuid.UUID
    posted: bool
    problem: str | None = None  # what to do, when Slack refused


def problem_text(error: str, channel: str) -> str:
    return _FIX.get(error, "Slack refused the digest ({error})").format(channel=channel, error=error)


async def post_due_digests(runtime: Runtime, client: AsyncWebClient, now: datetime) -> list[DigestResult]:
    """Post last week's digest for every account that has a digest channel and has not had it yet."""
    async with runtime.db.begin() as db:
        targets = await insights.digest_targets(db)
    return [await post_digest(runtime, client, t.account_id, t.team_id, now, claim=True) for t in targets]


async def post_digest(
    runtime: Runtime, client: AsyncWebClient, account_id: uuid.UUID, team_id: str, now: datetime, *, claim: bool
) -> DigestResult:
    """Last complete week's digest for one account; ``claim`` posts it at most once per week."""
    async with runtime.db.begin() as db:
        timezone, channel = await insights.report_settings(db, account_id)
        if not channel:
            return DigestResult(account_id, False, "no digest channel: walkbot report-settings --digest-channel C…")
        until = week_start(now, timezone)
        key = f"digest:{account_id}:{until:%Y-%m-%d}"
        if claim and not await slack_events.claim_event(db, key, team_id):
            return DigestResult(account_id, False)
        report = await build_report(
            db,
            Period(account_id, until - timedelta(days=7), until),
            timezone=timezone,
            read_figures=concurrent_figures(runtime.db),
        )
    refused = await runtime.channels.refusal(client, channel)
    if refused:
        log.error("weekly digest for team %s not posted: %s", team_id, refused)
        if claim:
            async with runtime.db.begin() as db:
                await slack_events.release_event(db, key)
        return DigestResult(account_id, False, refused)
    text = f"walkbot weekly digest: {sum(f.outcomes.walks for f in report.flows)} flow walks last week"
    try:
        await client.chat_postMessage(channel=channel, blocks=digest_blocks(report, top_flows(report)), text=text)
    except SlackApiError as exc:
        problem = problem_text(str(exc.response.get("error")), channel)
        log.error("weekly digest for team %s not posted: %s", team_id, problem)
        if claim:
            async with runtime.db.begin() as db:
                await slack_events.release_event(db, key)
        return DigestResult(account_id, False, problem)
    return DigestResult(account_id, True)


async def weekly_digest_loop(runtime: Runtime, bolt) -> None:
    """Background task of ``walkbot serve``: hourly, post any digest that is due."""
    while True:
        try:
            await post_due_digests(runtime, bolt.client, datetime.now(UTC))
        except Exception:  # the loop must outlive one bad pass (database restart, Slack outage)
            log.exception("weekly digest pass failed")
        await asyncio.sleep(DIGEST_CHECK_SECONDS)
