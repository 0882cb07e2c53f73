"""``walkbot try FLOW_SLUG``: a walk of one published flow started from the terminal.

Created exactly as ``/walk TICKET FLOW`` creates it in Slack (``create_walk``), in one transaction;
only the card is not posted. The terminal then takes each step through ``bot.walks.stepping``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.engine import Escalate, Resolve
from bot.engine.actions import Action
from bot.engine.kinds import TicketKind
from bot.engine.walk import NoteAction
from bot.psa.models import Ticket
from bot.psa.ticket_refs import parse_ticket_word
from bot.runtime import Runtime
from bot.walks.actors import actor_of
from bot.walks.command_text import INTERNAL_TICKET
from bot.walks.ending import record_outcome
from bot.walks.starting import create_walk
from bot.walks.stepping import Stepped, take_step
from bot.walks.tickets import new_internal_ticket, ticket_from_snapshot
from storage.queries import sessions, trees
from storage.queries.accounts import cli_account, user_for_slack_id

CLI_USER_PREFIX = "cli:"  # a terminal user's id, where a Slack user's id would be


class NoSuchFlow(LookupError):
    """The account has no published flow by that slug."""


@dataclass(frozen=True)
class TriedWalk:
    first: Stepped  # the walk as created, at its first step
    account_id: uuid.UUID
    actor: str  # the terminal user's id (``cli:<name>``)
    flow_title: str
    flow_version: int
    ticket_id: str
    psa_kind: str  # where a resolved or escalated walk on a PSA ticket is written back ("none": nowhere)
    status_on_resolve: str | None


def ticket_to_try(word: str) -> tuple[TicketKind, str]:
    """``--ticket``: a PSA ticket (12345, #12345 or a ticket link) or an internal one (INT-7); ValueError otherwise."""
    ref = parse_ticket_word(word)
    if ref is not None and ref.ticket_id.isdigit():
        return TicketKind.PSA, ref.ticket_id
    if match := INTERNAL_TICKET.match(word.strip()):
        return TicketKind.INTERNAL, match.group(1).upper()
    raise ValueError(word)


async def try_flow(
    runtime: Runtime, slug: str, ticket: tuple[TicketKind, str] | None, name: str, team: str | None
) -> TriedWalk:
    """Start ``slug`` on ``ticket`` (default: a new internal ticket) as the terminal user ``name``.

    Raises NoSuchFlow, or LookupError when several workspaces share the database and no team was named.
    """
    async with runtime.db.begin() as db:
        account = await cli_account(db, team)
        tree = await trees.latest_version(db, account.id, slug)
        if tree is None:
            raise NoSuchFlow(slug)
        user = await user_for_slack_id(db, account.id, (CLI_USER_PREFIX + name)[:32], display_name=name)
        kind, ticket_id = ticket or (TicketKind.INTERNAL, await sessions.next_internal_ticket_id(db))
        if kind == TicketKind.INTERNAL:
            snapshot = await sessions.latest_ticket_snapshot(db, account.id, ticket_id, TicketKind.INTERNAL)
            found = ticket_from_snapshot(snapshot) if snapshot else None
            walked = found or new_internal_ticket(ticket_id, f"Trying {tree.title}")
        else:  # not looked up: trying a flow must not depend on the PSA being reachable
            walked = Ticket(id=ticket_id, kind=TicketKind.PSA, psa=runtime.settings.psa.kind, summary="")
        first = (await create_walk(runtime, db, actor_of(account, user), walked, slug, channel_id="")).stepped
    connection = await runtime.psa.connection_for(account.id)
    return TriedWalk(
        first=first,
        account_id=account.id,
        actor=user.slack_user_id,
        flow_title=tree.title,
        flow_version=tree.version,
        ticket_id=ticket_id,
        psa_kind=connection.kind if connection else "none",
        status_on_resolve=connection.status_on_resolve if connection else None,
    )


async def take_terminal_step(
    db: async_sessionmaker[AsyncSession],
    account_id: uuid.UUID,
    session_id: uuid.UUID,
    action: Action | NoteAction,
    *,
    psa_kind: str,
    status_on_resolve: str | None,
) -> Stepped:
    """One step of a walk in the terminal, in its own transaction, so quitting (or a crash) leaves a walk Slack
    can pick up exactly where the terminal left it. A resolve or an escalation records what it owes (the PSA
    note, the engineers' queue row) in the same transaction, as in Slack. Raises the engine's WalkError."""
    async with db.begin() as session:
        stepped = await take_step(session, account_id, session_id, action)
        if isinstance(action, Resolve | Escalate):
            await record_outcome(session, stepped.session, psa_kind, status_on_resolve)
    return stepped
