"""The weekly digest: off by default, posted once per week to the configured channel, clear when walkbot is not in it."""

import dataclasses
import json
from datetime import UTC, datetime

from sqlalchemy import text

from bot.insights.period import week_start
from bot.reports.digest import post_due_digests
from bot.walks.expiry import prune_slack_events_once
from storage.queries import accounts, insights
from tests.insights.seed import seed, standard_walks
from tests.slack.conftest import TEAM


async def _last_weeks_walks(db):
    now = datetime.now(UTC)
    days_into_week = (now - week_start(now)).total_seconds() / 86400
    walks = [
        dataclasses.replace(w, started_days_ago=days_into_week + 3.5)
        for w in standard_walks()
        if w.started_days_ago < 30
    ]
    async with db.begin() as s:
        await seed(s, walks, team=TEAM)


async def _set_channel(db, channel):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, TEAM)
        await insights.set_report_settings(s, account.id, timezone=None, digest_channel_id=channel)


async def test_no_digest_is_posted_unless_a_channel_is_configured(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    assert await post_due_digests(psa_walkbot.runtime, psa_walkbot.bolt.client, datetime.now(UTC)) == []
    assert not fake_slack.calls_to("chat.postMessage")


async def test_last_weeks_digest_is_posted_once_without_technicians(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    await _set_channel(db, "C_DIGEST")
    runtime, client = psa_walkbot.runtime, psa_walkbot.bolt.client
    [result] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert result.posted and result.problem is None
    [posted] = fake_slack.calls_to("chat.postMessage")
    text = json.dumps(posted.args["blocks"], ensure_ascii=False)
    assert posted.args["channel"] == "C_DIGEST"
    assert "*21* walks started " in text and "· *9* resolved · *9* escalated" in text  # 8 printer, 11 vpn, 2 others
    assert "VPN won't connect (v2)* — 5 of 11 walks escalated · drop-off at `node-b`" in text
    assert "Ann" not in text and "U1" not in text  # never per-technician figures in a channel
    # a second pass (another process, or the next hour) posts nothing more
    [again] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert not again.posted and len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_not_in_channel_says_to_invite_walkbot_and_retries_later(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    await _set_channel(db, "C_DIGEST")
    fake_slack.set_channel("C_DIGEST", is_member=False)
    runtime, client = psa_walkbot.runtime, psa_walkbot.bolt.client
    [refused] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert not refused.posted
    assert refused.problem == "walkbot is not a member of <#C_DIGEST>: invite it there (/invite @walkbot)"
    fake_slack.set_channel("C_DIGEST", is_member=True)
    [posted] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert posted.posted


async def test_the_weeks_claim_outlives_the_hourly_pruning_of_event_ids(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    await _set_channel(db, "C_DIGEST")
    runtime, client = psa_walkbot.runtime, psa_walkbot.bolt.client
    await post_due_digests(runtime, client, datetime.now(UTC))
    async with db.begin() as s:
        await s.execute(text("UPDATE slack_events SET received_at = now() - interval '3 days'"))
    await prune_slack_events_once(runtime)
    [again] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert not again.posted and len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_a_channel_shared_with_another_organisation_gets_no_digest(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    await _set_channel(db, "C_SHARED")
    fake_slack.set_channel("C_SHARED", is_ext_shared=True)  # Slack Connect: a customer may be in it
    runtime, client = psa_walkbot.runtime, psa_walkbot.bolt.client
    [refused] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert not refused.posted and "shared with another organisation (Slack Connect)" in refused.problem
    assert not fake_slack.calls_to("chat.postMessage")
    # once the channel is internal again (and the short cache has lapsed), the week's digest goes out
    fake_slack.set_channel("C_SHARED", is_ext_shared=False)
    runtime.channels.cache_seconds = 0
    [posted] = await post_due_digests(runtime, client, datetime.now(UTC))
    assert posted.posted and len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_no_digest_when_slack_cannot_say_whether_the_channel_is_shared(psa_walkbot, fake_slack, db):
    await _last_weeks_walks(db)
    await _set_channel(db, "C_DIGEST")
    fake_slack.fail("conversations.info", "internal_error", where=lambda args: args.get("channel") == "C_DIGEST")
    [refused] = await post_due_digests(psa_walkbot.runtime, psa_walkbot.bolt.client, datetime.now(UTC))
    assert not refused.posted and "could not check whether <#C_DIGEST> is shared" in refused.problem
    assert not fake_slack.calls_to("chat.postMessage")  # fail closed
