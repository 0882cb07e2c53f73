"""Admins from Slack: AI categories and extra floor denies in `/walk settings`, and a draft flow published."""

import asyncio
import json

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import Account, FlowProposal, L1WalkSession, Tree
from tests.harness.driver import checkboxes, plain_text_input, radio_buttons
from tests.slack.steps import button, buttons, click, eventually, start_printer_walk


async def test_an_admin_changes_the_ai_categories_in_the_settings_modal(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_ADMIN")
    modal = (await fake_slack.wait_for("views.open"))[0]
    assert modal.args["view"]["callback_id"] == ids.SETTINGS_VIEW
    await tech.submit_view(
        ids.SETTINGS_VIEW, values={"categories": {"categories": checkboxes("printer", "vpn")}}, user_id="U_ADMIN"
    )
    for _ in range(200):
        async with db() as session:
            account = await session.scalar(select(Account))
        if account.ai_categories == ["printer", "vpn"]:
            break
        await asyncio.sleep(0.02)
    assert account.ai_categories == ["printer", "vpn"]


async def test_an_admin_adds_phrases_ai_steps_may_never_mention(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_ADMIN")
    await fake_slack.wait_for("views.open")
    await tech.submit_view(
        ids.SETTINGS_VIEW,
        values={
            "categories": {"categories": checkboxes("printer")},
            "floor_denies": {"floor_denies": plain_text_input("RMM agent\nNinjaOne, rmm agent")},
        },
        user_id="U_ADMIN",
    )
    for _ in range(200):
        async with db() as session:
            account = await session.scalar(select(Account))
        if account.floor_denies:
            break
        await asyncio.sleep(0.02)
    assert account.floor_denies == ["rmm agent", "ninjaone"]

    await tech.slash("settings", user_id="U_ADMIN")
    modal = (await fake_slack.wait_for("views.open", count=2))[1].args["view"]
    assert "rmm agent\\nninjaone" in json.dumps(modal["blocks"])  # shown again, one per line


async def test_a_phrase_too_short_to_deny_is_refused_in_the_modal_and_nothing_is_saved(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_ADMIN")
    await fake_slack.wait_for("views.open")
    status, body = await tech.submit_view(
        ids.SETTINGS_VIEW,
        values={
            "categories": {"categories": checkboxes("printer", "vpn")},
            "floor_denies": {"floor_denies": plain_text_input("rmm agent\npc")},
        },
        user_id="U_ADMIN",
    )
    answer = json.loads(body)
    assert status == 200 and answer["response_action"] == "errors"
    assert "too short to deny safely" in answer["errors"]["floor_denies"]
    async with db() as session:
        account = await session.scalar(select(Account))
    assert account.floor_denies == [] and account.ai_categories != ["printer", "vpn"]


async def test_a_technician_cannot_open_the_settings(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_TECH")
    reply = (await fake_slack.wait_for_response())[0]
    assert "Only walkbot admins" in reply["text"]
    assert not fake_slack.calls_to("views.open")


async def test_a_resolved_adhoc_walk_becomes_a_draft_an_admin_tries_and_publishes(tech, fake_slack, connectwise, db):
    card, propose = await resolved_adhoc_walk(tech, fake_slack, db)
    await click(tech, card, propose)
    reply = (await fake_slack.wait_for_response())[0]
    assert "Draft flow" in reply["text"]

    await tech.slash("proposals", user_id="U_ADMIN")
    listing = (await fake_slack.wait_for_response(count=2))[-1]
    assert "Printer offline on floor 2" in str(listing["blocks"])  # the draft is titled after the ticket
    try_button = next(b for b in buttons(listing["blocks"]) if b["action_id"] == ids.PROPOSAL_TRY)
    await tech.click(
        ids.PROPOSAL_TRY, try_button["value"], user_id="U_ADMIN", channel_id="C_HELPDESK", message_ts="1.2"
    )
    rows = await eventually(db, lambda rows: any(r.session_kind == "proposal" and r.message_ts for r in rows))
    trial = next(r for r in rows if r.session_kind == "proposal")
    assert trial.flow_id is None and trial.flow_proposal_id is not None

    publish = next(b for b in buttons(listing["blocks"]) if b["action_id"] == ids.PROPOSAL_PUBLISH)
    await tech.click(
        ids.PROPOSAL_PUBLISH, publish["value"], user_id="U_TECH", channel_id="C_HELPDESK", message_ts="1.2"
    )
    refused = (await fake_slack.wait_for_response(count=3))[-1]
    assert "Only admins" in refused["text"]
    await tech.click(
        ids.PROPOSAL_PUBLISH, publish["value"], user_id="U_ADMIN", channel_id="C_HELPDESK", message_ts="1.2"
    )
    published = (await fake_slack.wait_for_response(count=4))[-1]
    assert "Published" in published["text"]
    async with db() as session:
        proposal = await session.scalar(select(FlowProposal))
        tree = await session.get(Tree, proposal.published_tree_id)
        walk = await session.scalar(select(L1WalkSession).where(L1WalkSession.session_kind == "adhoc"))
    assert proposal.status == "published" and proposal.l1_session_id == walk.id
    assert tree.version == 1 and "Cleared the stuck job" in str(tree.definition)


async def resolved_adhoc_walk(tech, fake_slack, db):
    """U_TECH walks ticket 12345 ad hoc, records one step and resolves it: the resolved card."""
    card = await start_printer_walk(tech, fake_slack, db, "12345 adhoc")
    await click(tech, card, button(card.blocks, ids.ADD_STEP))
    await fake_slack.wait_for("views.open")
    await tech.submit_view(
        ids.ADHOC_STEP_VIEW,
        values={
            "step_text": {"step_text": plain_text_input("Cleared the stuck job in the print queue")},
            "step_result": {"step_result": plain_text_input("Printer came back online")},
        },
    )
    update = (await fake_slack.wait_for("chat.update"))[0]
    await click(tech, card, button(update.args["blocks"], ids.RESOLVE))
    await fake_slack.wait_for("views.open", count=2)
    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={
            "notes": {"notes": plain_text_input("Cleared the queue")},
            "helpful": {"helpful": radio_buttons("yes")},
        },
    )
    resolved = (await fake_slack.wait_for("chat.update", count=2))[-1]
    return card, button(resolved.args["blocks"], ids.PROPOSE)


async def test_propose_as_flow_is_for_the_walks_technician_engineers_and_admins_not_another_technician(
    tech, fake_slack, db
):
    card, propose = await resolved_adhoc_walk(tech, fake_slack, db)

    async def press(user_id: str) -> str:
        seen = len(fake_slack.responses)
        await click(tech, card, propose, user_id=user_id)
        return (await fake_slack.wait_for_response(count=seen + 1))[-1]["text"]

    other = await press("U_OTHER")  # another L1 technician of the same workspace
    async with db() as session:
        after_other = list(await session.scalars(select(FlowProposal)))
    engineer = await press("U_ENG1")
    own = await press("U_TECH")  # a second click finds the same draft

    assert other == (
        "This is <@U_TECH>'s walk: only they, whoever took it over, engineers and walkbot admins can propose it as a flow."
    )
    assert after_other == []
    assert engineer.startswith("Draft flow `") and own.startswith("Draft flow `")
    async with db() as session:
        assert len(list(await session.scalars(select(FlowProposal)))) == 1
