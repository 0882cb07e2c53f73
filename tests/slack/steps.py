"""Shared steps for the end-to-end Slack scenarios: start a walk, find a card's buttons, read the walk's row."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import L1WalkSession
from tests.harness.driver import plain_text_input, radio_buttons, static_select


@dataclass
class Card:
    channel: str
    ts: str
    blocks: list[dict[str, Any]]


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    found = [b for b in buttons(blocks) if b["action_id"] == action_id]
    assert found, f"no {action_id} button in {[b['action_id'] for b in buttons(blocks)]}"
    return found[0]


async def start_printer_walk(tech, fake_slack, db, text: str = "12345 printer-offline") -> Card:
    status, _ = await tech.slash(text)
    assert status == 200
    posted = (await fake_slack.wait_for("chat.postMessage"))[0]
    # The card is posted inside the transaction that creates the walk: wait for it to commit.
    await eventually(db, lambda rows: any(r.message_ts == posted.response["ts"] for r in rows))
    return Card(posted.response["channel"], posted.response["ts"], posted.args["blocks"])


async def click(tech, card: Card, pressed: dict[str, Any], **options: Any) -> tuple[int, str]:
    return await tech.click(
        pressed["action_id"], pressed["value"], channel_id=card.channel, message_ts=card.ts, **options
    )


async def resolve_walk(tech, fake_slack, db, card: Card, notes: str = "done") -> None:
    """Resolve from the card: Resolve, the modal filled in (helpful: yes), then wait for the walk to be resolved."""
    await click(tech, card, button(card.blocks, ids.RESOLVE))
    modal = (await fake_slack.wait_for("views.open"))[-1]
    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input(notes)}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
    )
    await eventually(db, lambda rows: rows[0].status == "resolved")


async def send_escalation(tech, fake_slack, category: str = "hardware_fault", reason: str = "Fuser error") -> None:
    """Fill in and send the escalate modal that a click on Escalate opened."""
    await fake_slack.wait_for("views.open")
    await tech.submit_view(
        ids.ESCALATE_VIEW,
        values={"category": {"category": static_select(category)}, "reason": {"reason": plain_text_input(reason)}},
    )


async def eventually(db, done, tries: int = 250) -> list[L1WalkSession]:
    """Poll the walks until ``done(rows)``; for effects that commit after the Slack call they follow."""
    for _ in range(tries):
        async with db() as session:
            rows = list((await session.scalars(select(L1WalkSession))).all())
        if done(rows):
            return rows
        await asyncio.sleep(0.02)
    raise AssertionError(f"the walks never reached the expected state: {rows}")


async def the_walk(db) -> L1WalkSession:
    async with db() as session:
        rows = (await session.scalars(select(L1WalkSession))).all()
    assert len(rows) == 1, rows
    return rows[0]
