"""The roles section of the settings modal: who is an admin or an engineer now, and a person and a role to
give them (the same change as `/walk role @someone ROLE`, applied when the modal is saved)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, InputBlock, Option
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.blocks.block_elements import StaticSelectElement, UserSelectElement

from bot.rendering import action_ids as ids
from bot.rendering.text import CONTEXT_TEXT, clip


def role_blocks(holders: Mapping[str, Sequence[str]], labels: Mapping[str, str]) -> list[Block]:
    """``holders``: Slack user ids by role (admin, engineer); ``labels``: each role's name, l1 included."""

    def listed(role: str) -> str:
        people = holders.get(role) or ()
        return ", ".join(f"<@{p}>" for p in people) if people else "nobody"

    return [
        HeaderBlock(text="Roles"),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=clip(
                        f"Admins: {listed('admin')}\nEngineers: {listed('engineer')}\n"
                        "Everyone else is an L1 technician. WALKBOT_ADMINS and WALKBOT_ENGINEERS win at the next start.",
                        CONTEXT_TEXT,
                    )
                )
            ]
        ),
        InputBlock(
            block_id=ids.ROLE_USER,
            label="Change the role of",
            element=UserSelectElement(action_id=ids.ROLE_USER, placeholder="Choose a person"),
            optional=True,
        ),
        InputBlock(
            block_id=ids.ROLE,
            label="to",
            element=StaticSelectElement(
                action_id=ids.ROLE,
                placeholder="Choose a role",
                options=[Option(value=role, label=label) for role, label in labels.items()],
            ),
            optional=True,
        ),
    ]


def chosen_role_change(view: dict) -> tuple[str | None, str | None]:
    """(Slack user id, role) as submitted; either may be None."""
    values = (view.get("state") or {}).get("values") or {}
    user = ((values.get(ids.ROLE_USER) or {}).get(ids.ROLE_USER) or {}).get("selected_user")
    option = ((values.get(ids.ROLE) or {}).get(ids.ROLE) or {}).get("selected_option") or {}
    return user or None, option.get("value") or None
