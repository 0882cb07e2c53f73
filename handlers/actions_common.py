"""What every button listener shares: reading walkbot's button value, the channel, and the ephemeral reply."""

from __future__ import annotations

from bot.rendering.action_ids import ButtonRef

FORGED = "That button was not made by walkbot, so it was ignored."


async def tell(respond, message: str | None) -> None:
    if message:
        await respond(text=message, response_type="ephemeral", replace_original=False)


def reply_to(respond, client, user_id: str):
    """Where a click's answer goes: ephemerally where it was clicked; a click in App Home has no response URL,
    so its sender gets a DM instead."""
    if respond is not None and respond.response_url:
        return respond

    async def direct_message(*, text: str, **_: object) -> None:
        await client.chat_postMessage(channel=user_id, text=text)

    return direct_message


def channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""


async def walk_button(action: dict, respond) -> ButtonRef | None:
    """The walk button's reference; None (after telling the clicker) for a value walkbot did not write."""
    try:
        return ButtonRef.decode(action["value"])
    except ValueError:
        await tell(respond, FORGED)
        return None
