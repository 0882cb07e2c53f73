"""What every button listener shares: the ephemeral reply and where the click came from."""

from __future__ import annotations

FORGED = "That button was not made by walkbot, so it was ignored."


async def tell(respond, message: str | None) -> None:
    if message:
        await respond(text=message, response_type="ephemeral", replace_original=False)


def channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
