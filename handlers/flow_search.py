"""``/walk flows [words]``: search published flows; "Start on ticket…" asks for the ticket, then starts the walk."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.rendering import action_ids as ids
from bot.rendering.flow_search import flow_search_blocks
from bot.rendering.modals import TICKET, ticket_modal, typed_ticket
from bot.runtime import Runtime
from bot.walks.actors import Actor
from bot.walks.command_text import ShowUsage, StartWalk, parse_walk_command
from bot.walks.flow_search import find_flows
from bot.walks.starting import walk_ticket


async def show_flow_search(runtime: Runtime, respond, actor: Actor, words: str, channel_id: str) -> None:
    matches = await find_flows(runtime, actor, words)
    text = f"{len(matches)} flow(s) found" if matches else "No flow found"
    await respond(blocks=flow_search_blocks(matches, words, channel_id), text=text, response_type="ephemeral")


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(ids.START_ON_TICKET)
    async def start_on_ticket(ack, body, action, client):
        await ack()
        try:
            start = ids.FlowStart.decode(action.get("value") or "")
        except ValueError:
            return
        await client.views_open(trigger_id=body["trigger_id"], view=ticket_modal(start))

    @app.view(ids.TICKET_VIEW)
    async def ticket_given(ack, view, client, actor):
        try:
            start = ids.FlowStart.decode(view.get("private_metadata") or "")
        except ValueError:
            await ack()
            return
        typed = typed_ticket(view)
        command = parse_walk_command(f"{typed} {start.slug}") if typed else ShowUsage()
        if not isinstance(command, StartWalk) or command.problem_text:
            # Bad input keeps the modal open, with what to type, so nothing is lost.
            await ack(response_action="errors", errors={TICKET: "Type a PSA ticket number (12345) or INT-7."})
            return
        await ack()
        problem = await walk_ticket(
            runtime, client, actor, command.ticket_kind, command.ticket_id, start.slug, start.channel_id
        )
        if problem:
            await client.chat_postEphemeral(channel=start.channel_id, user=actor.slack_user_id, text=problem)
