"""A walk card always ends on the walk's latest revision, even when Slack rate-limits chat.update.

The Web API client retries a 429 after Retry-After; without care, that retried update of an older
step lands after a newer click's update and the card shows a step the walk has left.
"""

from datetime import UTC, datetime

from bot.engine import Back
from bot.rendering import action_ids as ids
from bot.rendering.action_ids import ButtonRef
from bot.walks.stepping import take_step
from tests.slack.steps import buttons, click, eventually, start_printer_walk


def revisions_on(blocks) -> set[int]:
    return {ButtonRef.decode(b["value"]).revision for b in buttons(blocks) if b.get("value", "").count("|") == 2}


async def test_a_rate_limited_older_update_never_lands_after_a_newer_one(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.rate_limit("chat.update", retry_after=1, times=1, where=lambda args: args.get("ts") == card.ts)
    await click(tech, card, buttons(card.blocks)[0])  # revision 0 -> 1; its update is refused with 429
    walk = (await eventually(db, lambda rows: rows and rows[0].revision == 1))[0]
    back = ButtonRef(walk.id, 1).encode()
    await tech.click(ids.BACK, back, channel_id=card.channel, message_ts=card.ts)  # 1 -> 2, while 1 waits to retry
    await eventually(db, lambda rows: rows[0].revision == 2)
    updates = await fake_slack.wait_for("chat.update", count=3, timeout=10, where=lambda c: c.args["ts"] == card.ts)
    assert [u.status for u in updates[:1]] == [429]
    await fake_slack.wait_for("chat.update", count=1, where=lambda c: c.ok and revisions_on(c.args["blocks"]) == {2})
    assert revisions_on(fake_slack.message(card.channel, card.ts)["blocks"]) == {2}


async def test_every_card_ends_on_its_latest_revision_under_per_channel_limits(tech, fake_slack, db):
    fake_slack.enforce_rate_limits(per_channel={"chat.update": (3, 1.0)}, per_method={"chat.update": (8, 1.0)})
    card = await start_printer_walk(tech, fake_slack, db)
    for revision in range(6):  # forward, back, forward, ... each click right after the last one committed
        walk = (await eventually(db, lambda rows, r=revision: rows and rows[0].revision == r))[0]
        if revision % 2 == 0:
            option = next(b for b in buttons(card.blocks) if b["action_id"].startswith(ids.CHOOSE))
            value = ButtonRef(walk.id, revision, ButtonRef.decode(option["value"]).argument).encode()
            await tech.click(option["action_id"], value, channel_id=card.channel, message_ts=card.ts)
        else:
            await tech.click(
                ids.BACK, ButtonRef(walk.id, revision).encode(), channel_id=card.channel, message_ts=card.ts
            )
    await eventually(db, lambda rows: rows[0].revision == 6)
    await fake_slack.wait_for(
        "chat.update", count=1, timeout=15, where=lambda c: c.ok and revisions_on(c.args["blocks"]) == {6}
    )
    assert any(c.status == 429 for c in fake_slack.calls_to("chat.update"))  # the limits did bite
    assert revisions_on(fake_slack.message(card.channel, card.ts)["blocks"]) == {6}


async def test_a_card_update_rate_limited_past_the_clients_retries_is_still_drawn(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.rate_limit("chat.update", retry_after=1, times=4, where=lambda args: args.get("ts") == card.ts)
    await click(tech, card, buttons(card.blocks)[0])
    drawn = await fake_slack.wait_for(
        "chat.update", count=1, timeout=15, where=lambda c: c.ok and c.args["ts"] == card.ts
    )
    assert len([c for c in fake_slack.calls_to("chat.update") if c.status == 429]) == 4
    assert revisions_on(drawn[0].args["blocks"]) == {1}
    assert revisions_on(fake_slack.message(card.channel, card.ts)["blocks"]) == {1}


async def test_a_rate_limited_update_landing_after_another_process_stepped_the_walk_is_followed_by_the_latest(
    tech, fake_slack, db
):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.rate_limit("chat.update", retry_after=1, times=1, where=lambda args: args.get("ts") == card.ts)
    await click(tech, card, buttons(card.blocks)[0])  # revision 0 -> 1; its update waits out a 429
    walk = (await eventually(db, lambda rows: rows and rows[0].revision == 1))[0]
    # Meanwhile another serve process steps the walk (1 -> 2): this process never sees that click.
    async with db.begin() as session:
        await take_step(session, walk.account_id, walk.id, Back(revision=1, actor="U_OTHER", at=datetime.now(UTC)))

    await fake_slack.wait_for(
        "chat.update", count=1, timeout=15, where=lambda c: c.ok and revisions_on(c.args["blocks"]) == {2}
    )
    assert revisions_on(fake_slack.message(card.channel, card.ts)["blocks"]) == {2}


async def test_an_update_retried_after_a_server_error_landing_after_another_process_stepped_the_walk_is_followed(
    tech, fake_slack, db
):
    """Not only a 429: the client retries a 5xx too (after its own back-off), and that older update can also land
    after another process moved the walk on. Every landed update is followed by a read of the stored revision."""
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.server_error("chat.update", times=1, where=lambda args: args.get("ts") == card.ts)
    await click(tech, card, buttons(card.blocks)[0])  # revision 0 -> 1; its update gets a 500 and is retried
    walk = (await eventually(db, lambda rows: rows and rows[0].revision == 1))[0]
    async with db.begin() as session:  # meanwhile another serve process steps the walk (1 -> 2)
        await take_step(session, walk.account_id, walk.id, Back(revision=1, actor="U_OTHER", at=datetime.now(UTC)))

    await fake_slack.wait_for(
        "chat.update", count=1, timeout=15, where=lambda c: c.ok and revisions_on(c.args["blocks"]) == {2}
    )
    assert [c.status for c in fake_slack.calls_to("chat.update")][:1] == [500]
    assert revisions_on(fake_slack.message(card.channel, card.ts)["blocks"]) == {2}
