"""Text that always fits: Slack rejects a whole message for one field over its limit, so clip first."""

from __future__ import annotations

from slack_sdk.models.blocks import SectionBlock

ELLIPSIS = "…"

# Slack's limits for the fields walkbot fills.
SECTION_TEXT = 3000
BUTTON_TEXT = 75
HEADER_TEXT = 150
CONTEXT_TEXT = 2000
OPTION_TEXT = 75
MODAL_TITLE = 24
INPUT_INITIAL = 3000


def clip(text: str | None, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis; never empty (Slack rejects empty texts)."""
    text = (text or "").strip() or " "
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def escape(text: str | None) -> str:
    """Escape the three characters mrkdwn treats as control characters, so user text can't ping or link."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str | None, limit: int = SECTION_TEXT) -> str:
    """User-written text as a mrkdwn block quote."""
    body = "\n".join("> " + line for line in escape(text).splitlines() or [" "])
    return clip(body, limit)


def notice_blocks(text: str) -> list:
    """A card reduced to one line: a walk that moved, expired, or was started from an intake card."""
    return [SectionBlock(text=clip(text, SECTION_TEXT))]
