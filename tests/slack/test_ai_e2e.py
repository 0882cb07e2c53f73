"""AI-guided walks end to end over signed HTTP: intake decision, one paid call per node, the floor, errors, proposals."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.rendering import action_ids as ids
from bot.rendering.action_ids import ButtonRef
from bot.rendering.walk_card import AI_NOTICE
from storage.models.flow_proposal import FlowProposal
from storage.models.session_event import SessionEvent
from storage.models.walk_session import L1WalkSession
from storage.queries.accounts import account_for_team, set_ai_categories
from tests.fakes.anthropic import FakeAnthropic
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver, plain_text_input, radio_buttons
from tests.slack.conftest import TEAM

BROWSER_TICKET = 777  # matches no published flow; classified as "browser"


@pytest.fixture
async def anthropic_fake() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as fake:
        yield fake


@pytest.fixture
async def ai_walkbot(database_url, fake_slack, connectwise, anthropic_fake, db, published):
    connectwise.add_ticket(
        BROWSER_TICKET,
        "Chrome shows an old intranet page",
        description="The browser keeps showing yesterday's version of the intranet.",
        board="Sales",
        company="Acme Dental",
    )
    env = {
        **connectwise.env(),
        "ANTHROPIC_API_KEY": anthropic_fake.api_key,
        "ANTHROPIC_BASE_URL": anthropic_fake.base_url,
        "WALKBOT_AI_MAX_DEPTH": "2",
        "WALKBOT_AI_TIMEOUT_SECONDS": "5",
    }
    running = await start_walkbot(database_url, fake_slack, env=env)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def ai_tech(ai_walkbot, fake_slack) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(ai_walkbot.url, ai_walkbot.signing_secret, TEAM, fake_slack) as driver:
        yield driver


def node(node_type="question", text="Does the old page show in every browser?", **fields):
    data = {"node_type": node_type, "text": text, "action_class": "l1_safe", "rationale": "Narrow it down.",
            "confidence": "high"}  # fmt: skip
    if node_type == "question":
        data["options"] = ["Only in Chrome", "In every browser", "Can't tell yet"]
    data.update(fields)
    return data


def buttons(blocks):
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def is_action(element, action_id):
    """Option buttons carry their option after a colon (``walk_choose:o1``)."""
    return element["action_id"] == action_id or element["action_id"].startswith(action_id + ":")


def button(blocks, action_id):
    return next(b for b in buttons(blocks) if is_action(b, action_id))


async def settle(fake_slack, seconds=0.3):
    """Let any listener work triggered by the last request finish (used where nothing new should happen)."""
    await asyncio.sleep(seconds)


async def walk_row(db) -> L1WalkSession:
    for _ in range(100):
        async with db() as session:
            row = await session.scalar(select(L1WalkSession))
        if row is not None:
            return row
        await asyncio.sleep(0.02)
    raise AssertionError("no walk session was stored")


async def intake(tech, fake_slack, ticket=BROWSER_TICKET, user_id="U_TECH"):
    await tech.slash(str(ticket), user_id=user_id)
    return (await fake_slack.wait_for("chat.postMessage"))[0]


async def start_ai(tech, fake_slack, anthropic_fake, first=None):
    """Intake on the browser ticket (classified as browser), click AI-guided; returns (card post, served blocks)."""
    anthropic_fake.reply_tool_use({"category": "browser"})
    card = await intake(tech, fake_slack)
    anthropic_fake.reply_tool_use(first or node())
    ai = button(card.args["blocks"], ids.START_AI)
    await tech.click(ids.START_AI, ai["value"], channel_id=card.response["channel"], message_ts=card.response["ts"])
    walk = (await fake_slack.wait_for("chat.postMessage", count=2))[1]
    return walk, await next_card(fake_slack, 0, walk)


def on_card(walk):
    """Matches updates of this walk's card only (the intake card is updated too, once a walk starts from it)."""
    return lambda call: call.args.get("ts") == walk.response["ts"]


def card_updates(fake_slack, walk):
    return [c for c in fake_slack.calls_to("chat.update") if on_card(walk)(c)]


async def next_card(fake_slack, before, walk):
    """The first card update after ``before`` updates that shows a step (not "Working out the next step…")."""
    n = before + 1
    while True:
        ours = await fake_slack.wait_for("chat.update", count=n, where=on_card(walk))
        blocks = ours[n - 1].args["blocks"]
        if "Working out the next step" not in str(blocks):
            return blocks
        n += 1


async def click(tech, fake_slack, walk, blocks, action_id, label=None):
    """Click a button of the walk card and wait for the card's next update; returns its blocks."""
    before = len(card_updates(fake_slack, walk))
    chosen = next(b for b in buttons(blocks) if is_action(b, action_id) and label in (None, b["text"]["text"]))
    await tech.click(
        chosen["action_id"], chosen["value"], channel_id=walk.response["channel"], message_ts=walk.response["ts"]
    )
    return await next_card(fake_slack, before, walk)


# ── intake ──


async def test_intake_classifies_with_one_fast_call_and_offers_ai_guided(
    ai_tech, fake_slack, anthropic_fake, ai_walkbot
):
    anthropic_fake.reply_tool_use({"category": "browser"})
    card = await intake(ai_tech, fake_slack)
    assert len(anthropic_fake.requests) == 1
    request = anthropic_fake.requests[0]
    assert request["tool_choice"]["name"] == "choose_category"
    assert request["model"] == ai_walkbot.runtime.claude.settings.fast_model
    assert button(card.args["blocks"], ids.START_AI)["text"]["text"] == "AI-guided"
    assert "No published flow matches" in str(card.args["blocks"])


async def test_a_claude_outage_during_classification_falls_back_to_keywords(ai_tech, fake_slack, anthropic_fake):
    anthropic_fake.fail_server_error()
    card = await intake(ai_tech, fake_slack)
    ai = button(card.args["blocks"], ids.START_AI)
    assert ai["value"].endswith("|browser")  # the keyword category, carried to the AI button
    await fake_slack.wait_for("chat.postMessage")
    anthropic_fake.fail_overloaded()
    fake_slack.reset()
    card = await intake(ai_tech, fake_slack)
    assert button(card.args["blocks"], ids.START_AI)["value"].endswith("|browser")
    assert len(anthropic_fake.requests) == 2


async def test_a_disabled_category_hides_ai_guided(ai_tech, fake_slack, anthropic_fake, db):
    async with db.begin() as session:
        account = await account_for_team(session, TEAM)
        await set_ai_categories(session, account.id, ["printer", "vpn"])
    anthropic_fake.reply_tool_use({"category": "browser"})
    card = await intake(ai_tech, fake_slack)
    assert not any(b["action_id"] == ids.START_AI for b in buttons(card.args["blocks"]))
    assert "not enabled" in str(card.args["blocks"])


async def test_a_disabled_category_still_offers_the_matching_flow(ai_tech, fake_slack, anthropic_fake, db):
    async with db.begin() as session:
        account = await account_for_team(session, TEAM)
        await set_ai_categories(session, account.id, ["vpn"])
    card = await intake(ai_tech, fake_slack, ticket=12345)
    flows = [b for b in buttons(card.args["blocks"]) if b["action_id"].startswith(ids.START_FLOW)]
    assert flows[0]["action_id"] == f"{ids.START_FLOW}:printer-offline"
    assert anthropic_fake.requests == []
    # Asking for AI anyway classifies once and is refused for the disabled category; no walk, no node call.
    anthropic_fake.reply_tool_use({"category": "printer"})
    ai = button(card.args["blocks"], ids.START_AI)
    await ai_tech.click(ids.START_AI, ai["value"], channel_id=card.response["channel"], message_ts=card.response["ts"])
    refusal = await fake_slack.wait_for_response()
    assert "not enabled" in json.dumps(refusal)
    assert len(anthropic_fake.requests) == 1
    async with db() as session:
        assert await session.scalar(select(L1WalkSession)) is None


async def test_taking_a_matched_flow_makes_no_anthropic_request(ai_tech, fake_slack, anthropic_fake, db):
    card = await intake(ai_tech, fake_slack, ticket=12345)
    flow = buttons(card.args["blocks"])[0]
    await ai_tech.click(
        flow["action_id"], flow["value"], channel_id=card.response["channel"], message_ts=card.response["ts"]
    )
    await fake_slack.wait_for("chat.postMessage", count=2)
    row = await walk_row(db)
    assert row.session_kind == "flow"
    await settle(fake_slack)
    assert anthropic_fake.requests == []


# ── the walk ──


async def test_ai_guided_walk_stores_intake_and_shows_the_models_labels(ai_tech, fake_slack, anthropic_fake, db):
    _, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    row = await walk_row(db)
    assert row.session_kind == "ai_build" and row.category == "browser"
    assert "yesterday's version" in row.problem_text
    assert len(anthropic_fake.requests) == 2  # classify + one node
    assert anthropic_fake.requests[1]["tool_choice"]["name"] == "propose_next_step"
    assert AI_NOTICE in str(blocks)
    labels = [b["text"]["text"] for b in buttons(blocks) if is_action(b, ids.CHOOSE)]
    assert labels == ["Only in Chrome", "In every browser", "Can't tell yet"]
    assert row.pending_node is not None and row.pending_node["id"].startswith("ai-")
    assert row.ai_usage and row.ai_usage.get("input_tokens", 0) > 0


async def test_one_request_per_node_across_redelivery_and_refresh(ai_tech, fake_slack, anthropic_fake, db):
    walk, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    anthropic_fake.reply_tool_use(node("instruction", "Clear Chrome's cached images and files, then reload."))
    answered = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "Only in Chrome")
    assert len(anthropic_fake.requests) == 3
    assert "Clear Chrome's cached images" in str(answered)
    row = await walk_row(db)
    assert len(row.walked_path) == 1 and row.walked_path[0]["option_label"] == "Only in Chrome"

    # The same click redelivered (Slack retries) and a refresh of the pending step: no new paid call.
    old = next(b for b in buttons(blocks) if b["text"]["text"] == "Only in Chrome")
    await ai_tech.click(
        old["action_id"], old["value"], channel_id=walk.response["channel"], message_ts=walk.response["ts"]
    )
    before = len(card_updates(fake_slack, walk))
    retry = ButtonRef(row.id, row.revision).encode()
    await ai_tech.click(ids.AI_RETRY, retry, channel_id=walk.response["channel"], message_ts=walk.response["ts"])
    refreshed = await next_card(fake_slack, before, walk)
    assert "Clear Chrome's cached images" in str(refreshed)
    await settle(fake_slack)
    assert len(anthropic_fake.requests) == 3
    row = await walk_row(db)
    assert len(row.walked_path) == 1 and row.pending_node is not None


async def test_the_depth_cap_forces_a_terminal_node(ai_tech, fake_slack, anthropic_fake, db):
    walk, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    anthropic_fake.reply_tool_use(node("question", "Is the page right in an Incognito window?", options=["Yes", "No"]))
    blocks = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "Only in Chrome")
    anthropic_fake.reply_tool_use(node("question", "Which Chrome version is it?", options=["Latest", "Older"]))
    blocks = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "Yes")
    assert len(anthropic_fake.requests) == 4
    assert "must now return resolve or escalate" in anthropic_fake.requests[-1]["messages"][0]["content"]
    row = await walk_row(db)
    assert row.pending_node["type"] == "escalate"
    assert "Which Chrome version" not in str(blocks)
    assert not any(is_action(b, ids.CHOOSE) for b in buttons(blocks))


async def test_a_step_that_breaks_the_floor_never_reaches_slack(ai_tech, fake_slack, anthropic_fake, db):
    forbidden = "Open regedit and delete HKLM\\Software\\Google\\Chrome to reset it."
    _, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake, first=node("instruction", forbidden))
    every_call = json.dumps([call.args for call in fake_slack.calls] + fake_slack.responses)
    assert "Google\\\\Chrome" not in every_call and "to reset it" not in every_call  # the step is never shown
    assert "needs an engineer" in str(blocks).lower()
    assert "class registry, triggered by" in str(blocks)  # the refusal names its class and words
    row = await walk_row(db)
    assert row.pending_node["type"] == "escalate"
    async with db() as session:
        kinds = list(await session.scalars(select(SessionEvent.kind).where(SessionEvent.session_id == row.id)))
        blocked = await session.scalar(
            select(SessionEvent).where(SessionEvent.session_id == row.id, SessionEvent.kind == "floor_blocked")
        )
    assert "floor_blocked" in kinds
    assert blocked.detail["class"] == "registry" and "triggered by" in blocked.detail["reason"]


async def test_a_plain_english_floor_step_the_old_phrase_list_missed_never_reaches_slack(
    ai_tech, fake_slack, anthropic_fake, db
):
    forbidden = "Disable the Windows Update service so it stops restarting the PC during the day."
    _, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake, first=node("instruction", forbidden))
    every_call = json.dumps([call.args for call in fake_slack.calls] + fake_slack.responses)
    assert "stops restarting the PC" not in every_call
    assert "class services_startup, triggered by" in str(blocks)
    row = await walk_row(db)
    assert row.pending_node["type"] == "escalate"
    async with db() as session:
        blocked = await session.scalar(
            select(SessionEvent).where(SessionEvent.session_id == row.id, SessionEvent.kind == "floor_blocked")
        )
    assert blocked.detail["class"] == "services_startup" and blocked.detail["declared_class"] == "l1_safe"


async def test_a_claude_error_while_building_offers_retry_and_leaves_the_walk_consistent(
    ai_tech, fake_slack, anthropic_fake, db
):
    walk, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    anthropic_fake.fail_overloaded()
    failed = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "In every browser")
    actions = {b["action_id"] for b in buttons(failed)}
    assert {ids.AI_RETRY, ids.AI_TO_ADHOC} <= actions
    row = await walk_row(db)
    assert row.status == "active" and row.pending_node is None
    assert [s["option_label"] for s in row.walked_path] == ["In every browser"]

    anthropic_fake.reply_tool_use(node("instruction", "Restart the computer and try again."))
    retried = await click(ai_tech, fake_slack, walk, failed, ids.AI_RETRY)
    assert "Restart the computer" in str(retried)
    row = await walk_row(db)
    assert row.pending_node is not None and len(row.walked_path) == 1
    assert len(anthropic_fake.requests) == 4


# ── proposals ──


async def test_a_resolved_ai_walk_becomes_a_draft_that_admins_review_and_publish(
    ai_tech, fake_slack, anthropic_fake, db, tmp_path
):
    walk, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    anthropic_fake.reply_tool_use(node("resolve", "Clearing Chrome's cache fixed the page."))
    blocks = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "Only in Chrome")
    before = len(card_updates(fake_slack, walk))
    await ai_tech.click(ids.RESOLVE, button(blocks, ids.RESOLVE)["value"], channel_id=walk.response["channel"],
                        message_ts=walk.response["ts"])  # fmt: skip
    modal = (await fake_slack.wait_for("views.open"))[-1]
    await ai_tech.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input("Cache cleared")}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
    )
    resolved = (await fake_slack.wait_for("chat.update", count=before + 1, where=on_card(walk)))[-1].args["blocks"]
    assert (await walk_row(db)).status == "resolved"

    propose = button(resolved, ids.PROPOSE)
    await ai_tech.click(
        ids.PROPOSE, propose["value"], channel_id=walk.response["channel"], message_ts=walk.response["ts"]
    )
    told = await fake_slack.wait_for_response()
    assert "Draft flow" in json.dumps(told)
    async with db() as session:
        proposal = await session.scalar(select(FlowProposal))
    stubs = [n["id"] for n in proposal.definition["nodes"] if n.get("needs_review")]
    assert proposal.status == "draft" and proposal.l1_session_id == (await walk_row(db)).id
    assert len(stubs) == 2  # the two answers nobody took

    await ai_tech.slash("proposals", user_id="U_ADMIN")
    listing = (await fake_slack.wait_for_response(count=2))[-1]
    publish = button(listing["blocks"], ids.PROPOSAL_PUBLISH)
    assert publish["value"] == str(proposal.id)

    await ai_tech.click(ids.PROPOSAL_PUBLISH, publish["value"], user_id="U_ADMIN", channel_id="C_HELPDESK",
                        message_ts=walk.response["ts"])  # fmt: skip
    refused = json.dumps((await fake_slack.wait_for_response(count=3))[-1])
    assert any(stub in refused for stub in stubs)

    await ai_tech.click(ids.PROPOSAL_PUBLISH, publish["value"], user_id="U_TECH", channel_id="C_HELPDESK",
                        message_ts=walk.response["ts"])  # fmt: skip
    not_admin = json.dumps((await fake_slack.wait_for_response(count=4))[-1])
    assert "admin" in not_admin.lower()
    async with db() as session:
        assert (await session.scalar(select(FlowProposal))).status == "draft"

    # The reviewer fills the stubs in (as `walkbot flows proposal-export` / edit / `proposal-update` do),
    # and the same Publish button then publishes the AI walk as a flow.
    from bot.flows.export import flow_to_yaml
    from bot.flows.model import Flow
    from bot.proposals.review import update_draft

    definition = dict(proposal.definition)
    definition["nodes"] = [
        {**n, "needs_review": False, "text": "Escalate: this branch was never walked by L1."}
        if n.get("needs_review")
        else n
        for n in definition["nodes"]
    ]
    edited = tmp_path / "draft.yaml"
    edited.write_text(flow_to_yaml(Flow.from_dict(definition)))
    async with db.begin() as session:
        account = await account_for_team(session, TEAM)
        await update_draft(session, account.id, proposal.id, edited)
    await ai_tech.click(ids.PROPOSAL_PUBLISH, publish["value"], user_id="U_ADMIN", channel_id="C_HELPDESK",
                        message_ts=walk.response["ts"])  # fmt: skip
    published = json.dumps((await fake_slack.wait_for_response(count=5))[-1])
    assert "Published" in published
    async with db() as session:
        assert (await session.scalar(select(FlowProposal))).status == "published"


async def test_another_technicians_retry_and_continue_ad_hoc_are_refused_and_cost_no_claude_call(
    ai_tech, fake_slack, anthropic_fake, db
):
    walk, blocks = await start_ai(ai_tech, fake_slack, anthropic_fake)
    anthropic_fake.fail_overloaded()
    failed = await click(ai_tech, fake_slack, walk, blocks, ids.CHOOSE, "In every browser")
    asked = len(anthropic_fake.requests)
    anthropic_fake.reply_tool_use(node("instruction", "Restart the computer and try again."))

    replies = []
    for action_id in (ids.AI_RETRY, ids.AI_TO_ADHOC):
        seen = len(fake_slack.responses)
        await ai_tech.click(
            action_id,
            button(failed, action_id)["value"],
            channel_id=walk.response["channel"],
            message_ts=walk.response["ts"],
            user_id="U_OTHER",
        )
        replies.append((await fake_slack.wait_for_response(count=seen + 1))[-1])
    await settle(fake_slack)

    assert all(r["text"].startswith("This is <@U_TECH>'s walk") for r in replies)
    assert all(r["response_type"] == "ephemeral" for r in replies)
    assert len(anthropic_fake.requests) == asked
    row = await walk_row(db)
    assert row.status == "active" and row.pending_node is None and row.session_kind == "ai_build"
