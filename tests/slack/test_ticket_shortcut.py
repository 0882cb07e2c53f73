"""The "Walk this ticket" message shortcut, end to end: a signed message_action payload, the intake card it posts."""

from __future__ import annotations

import json

from bot.rendering import action_ids as ids

LINK = "https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=12345"


async def test_a_message_with_a_ticket_link_gets_that_tickets_intake_card_in_its_channel(tech, fake_slack):
    status, _ = await tech.message_shortcut(
        ids.WALK_THIS_TICKET, f"Customer chased again: <{LINK.replace('&', '&amp;')}|ticket 12345>"
    )
    assert status == 200
    (card,) = await fake_slack.wait_for("chat.postMessage")
    assert card.args["channel"] == "C_HELPDESK"
    assert "ConnectWise #12345 · Printer offline on floor 2" in json.dumps(card.args["blocks"], ensure_ascii=False)


async def test_a_ticket_named_only_in_an_attachment_is_found(tech, fake_slack):
    attachment = {"title": "Ticket #12345 updated", "title_link": LINK, "fallback": "Ticket updated"}
    await tech.message_shortcut(ids.WALK_THIS_TICKET, "", attachments=[attachment])
    (card,) = await fake_slack.wait_for("chat.postMessage")
    assert "Printer offline on floor 2" in json.dumps(card.args["blocks"], ensure_ascii=False)


async def test_a_message_without_a_ticket_is_told_so_and_nothing_is_posted(tech, fake_slack):
    await tech.message_shortcut(ids.WALK_THIS_TICKET, "lunch at 12?")
    (reply,) = await fake_slack.wait_for_response()
    assert "names no ticket walkbot can find" in reply["text"] and reply["response_type"] == "ephemeral"
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_link_from_another_psa_is_refused_in_words(tech, fake_slack):
    await tech.message_shortcut(ids.WALK_THIS_TICKET, "see https://acme.halopsa.com/tickets?id=12345")
    (reply,) = await fake_slack.wait_for_response()
    assert reply["text"].startswith("That link is a HaloPSA ticket, but walkbot is connected to ConnectWise.")
    assert fake_slack.calls_to("chat.postMessage") == []
