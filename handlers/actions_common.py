"""What every button listener shares: reading walkbot's button value, who clicked, and the ephemeral reply."""

from __future__ import annotations

from bot.rendering.action_ids import ButtonRef
from bot.runtime import Runtime
from bot.walks.actors import Actor, actor_for

FORGED = "That button was not made by walkbot, so it was ignored."


async def tell(respond, message: str | None) -> None:
    if message:
        await respond(text=message, response_type="ephemeral", replace_original=False)


def channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""


async def clicked_walk(runtime: Runtime, body: dict, action: dict, respond) -> tuple[ButtonRef, Actor] | None:
    """The walk button's reference and the clicker; None (after telling them) for a value walkbot did not write."""
    try:
        ref = ButtonRef.decode(action["value"])
    except ValueError:
        await tell(respond, FORGED)
        return None
    return ref, await actor_for(runtime, body["team"]["id"], body["user"]["id"])
