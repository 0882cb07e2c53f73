"""`/walk flows [words]`: published flows ranked by full-text search, each started on a ticket from a modal."""

import json

from bot.rendering.action_ids import START_ON_TICKET, TICKET_VIEW
from bot.rendering.modals import TICKET
from tests.harness.driver import plain_text_input
from tests.slack.steps import eventually


def _results(reply) -> list[str]:
    return [
        b["accessory"]["value"].split("|")[0]
        for b in reply["blocks"]
        if b.get("type") == "section" and (b.get("accessory") or {}).get("action_id") == START_ON_TICKET
    ]


async def test_words_rank_flows_by_title_keywords_and_node_text(tech, fake_slack):
    await tech.slash("flows printer spooler")
    reply = (await fake_slack.wait_for_response())[0]
    assert _results(reply)[0] == "printer-offline"
    await tech.slash("flows vpn", channel_id="C_HELPDESK")
    reply = (await fake_slack.wait_for_response(count=2))[-1]
    # the title says VPN: first; flows that only mention VPN in a step come after it
    found = _results(reply)
    assert found[0] == "vpn-wont-connect" and len(found) >= 2


async def test_no_words_lists_every_published_flow_and_unknown_words_say_what_to_try(tech, fake_slack):
    await tech.slash("flows")
    every = (await fake_slack.wait_for_response())[0]
    assert len(_results(every)) == 9
    await tech.slash("flows xyzzy plugh")
    nothing = (await fake_slack.wait_for_response(count=2))[-1]
    assert _results(nothing) == [] and "No published flow found" in json.dumps(nothing["blocks"])


async def test_start_on_ticket_asks_for_the_ticket_and_starts_the_flow_in_the_channel(tech, fake_slack, db):
    await tech.slash("flows printer", channel_id="C_HELPDESK")
    reply = (await fake_slack.wait_for_response())[0]
    value = next(
        b["accessory"]["value"]
        for b in reply["blocks"]
        if (b.get("accessory") or {}).get("action_id") == START_ON_TICKET
    )
    await tech.click(START_ON_TICKET, value, message_ts="1.1")
    modal = (await fake_slack.wait_for("views.open"))[0].args["view"]
    assert modal["callback_id"] == TICKET_VIEW and "printer-offline" in json.dumps(modal["blocks"])

    status, body = await tech.submit_view(TICKET_VIEW, values={TICKET: {TICKET: plain_text_input("not a ticket")}})
    assert status == 200 and json.loads(body) == {
        "response_action": "errors",
        "errors": {TICKET: "Type a PSA ticket number (12345) or INT-7."},
    }
    assert not fake_slack.calls_to("chat.postMessage")

    await tech.submit_view(TICKET_VIEW, values={TICKET: {TICKET: plain_text_input(" 12345 ")}})
    posted = (await fake_slack.wait_for("chat.postMessage"))[0]
    assert posted.args["channel"] == "C_HELPDESK"
    rows = await eventually(db, lambda rows: any(r.message_ts for r in rows))
    assert [(r.ticket_id, r.session_kind, r.current_node_id) for r in rows] == [("12345", "flow", "scope")]
