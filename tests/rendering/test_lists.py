"""The escalation queue, a technician's walks and the Insights' candidates, drawn as the dicts Slack's block models
would build."""

import uuid
from datetime import UTC, datetime

import pytest
from slack_sdk.models.blocks import ButtonElement, ContextBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.rendering import action_ids as ids
from bot.rendering.list_items import context_line, item_section
from bot.rendering.lists import MAX_ITEMS, ActiveWalkItem, QueueItem, escalation_queue_blocks, home_view
from bot.rendering.text import SECTION_TEXT

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _queued(n: int, picked_up_by: str | None = None) -> QueueItem:
    return QueueItem(
        str(uuid.UUID(int=n)),
        f"ConnectWise #{n} · Printer offline",
        "Hardware fault",
        "Still offline",
        AT,
        picked_up_by,
        f"https://slack.test/p{n}",
    )


def test_an_items_section_is_what_the_block_models_build():
    built = SectionBlock(
        text="*ConnectWise #1*", accessory=ButtonElement(text="Pick up", action_id=ids.PICK_UP, value="v")
    )
    assert item_section("*ConnectWise #1*", ("Pick up", ids.PICK_UP, "v")) == built.to_dict()
    assert item_section("plain") == SectionBlock(text="plain").to_dict()


def test_an_items_text_is_clipped_and_an_overlong_button_value_refused_as_the_models_would():
    assert len(item_section("x" * (SECTION_TEXT + 50))["text"]["text"]) == SECTION_TEXT
    with pytest.raises(ValueError):
        item_section("text", ("Pick up", ids.PICK_UP, "v" * 2001))


def test_items_do_not_share_their_buttons():
    first, second = (item_section("t", ("Pick up", ids.PICK_UP, value)) for value in ("a", "b"))
    first["accessory"]["text"]["text"] = "changed"
    assert second["accessory"]["value"] == "b" and second["accessory"]["text"]["text"] == "Pick up"


def test_the_queue_shows_a_page_with_pick_up_buttons_for_walks_nobody_picked_up():
    items = [_queued(1, picked_up_by="U_ENG2"), *(_queued(n) for n in range(2, 31))]
    blocks = escalation_queue_blocks(items)
    assert blocks[0]["text"]["text"] == "Escalations (30)"
    sections = blocks[1:-1]
    assert len(sections) == MAX_ITEMS
    assert "accessory" not in sections[0] and "picked up by <@U_ENG2>" in sections[0]["text"]["text"]
    assert [s["accessory"]["value"] for s in sections[1:]] == [str(uuid.UUID(int=n)) for n in range(2, MAX_ITEMS + 1)]
    assert blocks[-1]["elements"][0]["text"] == "… and 10 more"


def test_the_home_view_is_a_home_of_block_dicts():
    walk = ActiveWalkItem(str(uuid.UUID(int=7)), 3, "ConnectWise #7", "Printer offline", 2, AT)
    view = home_view([walk], [_queued(1)])
    assert view["type"] == "home" and all(isinstance(b, dict) for b in view["blocks"])
    assert view["blocks"][1]["accessory"] == {
        "action_id": ids.REPOST,
        "text": {"emoji": True, "text": "Show card", "type": "plain_text"},
        "type": "button",
        "value": f"{uuid.UUID(int=7)}|3|",
    }


def test_a_context_line_is_what_the_block_models_build():
    assert context_line("and 3 more") == ContextBlock(elements=[MarkdownTextObject(text="and 3 more")]).to_dict()
