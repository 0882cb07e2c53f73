"""``/walk``: parse what was typed, then start a walk or show a list. Replies are ephemeral."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.rendering.lists import active_walks_blocks, escalation_queue_blocks, usage_blocks
from bot.runtime import Runtime
from bot.walks.command_text import (
    USAGE,
    SearchFlows,
    SetChannel,
    SetRole,
    ShowList,
    ShowUsage,
    parse_walk_command,
)
from bot.walks.queues import active_walk_items, escalation_queue_items
from bot.walks.roles import RoleRefused, change_channel_in_slack, change_role_in_slack
from bot.walks.starting import walk_ticket
from handlers.flow_search import show_flow_search
from handlers.proposals import show_proposals
from handlers.settings import open_settings


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.command("/walk")
    async def walk(ack, body, client, respond, actor):
        await ack()
        command = parse_walk_command(body.get("text", ""))
        if isinstance(command, ShowUsage):
            await respond(blocks=usage_blocks(USAGE, command.problem), text=USAGE, response_type="ephemeral")
            return
        if isinstance(command, SearchFlows):
            await show_flow_search(runtime, respond, actor, command.words, body["channel_id"])
            return
        if isinstance(command, ShowList):
            await show_list(runtime, client, respond, actor, command.name, body.get("trigger_id"))
            return
        if isinstance(command, SetRole):
            try:
                told = await change_role_in_slack(runtime.db, client, actor, command.slack_user_id, command.role)
            except RoleRefused as refused:
                told = str(refused)
            await respond(text=told, response_type="ephemeral")
            return
        if isinstance(command, SetChannel):
            await respond(
                text=await change_channel_in_slack(runtime.db, actor, command.channel_id), response_type="ephemeral"
            )
            return
        problem = await walk_ticket(
            runtime,
            client,
            actor,
            command.ticket_kind,
            command.ticket_id,
            command.target,
            body["channel_id"],
            internal_text=command.problem_text,
            source_psa=command.source_psa,
        )
        if problem:
            await respond(text=problem, response_type="ephemeral")


async def show_list(runtime: Runtime, client, respond, actor, name: str, trigger_id: str | None) -> None:
    if name == "mine":
        items = await active_walk_items(runtime, actor)
        await respond(blocks=active_walks_blocks(items), text="Your active walks", response_type="ephemeral")
    elif name == "escalations":
        items = await escalation_queue_items(runtime, client, actor)
        await respond(blocks=escalation_queue_blocks(items), text="Open escalations", response_type="ephemeral")
    elif name == "proposals":
        await show_proposals(runtime, respond, actor)
    elif name == "settings":
        await open_settings(runtime, client, respond, actor, trigger_id)
