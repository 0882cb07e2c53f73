"""Draft flows reviewed from the terminal (``walkbot flows propose|proposals|proposal-export|…``).

The terminal is an operator's tool: it reviews as an admin. Each function is one transaction on the account
named by ``--team`` (or the only one); a proposal is named by its id or a unique prefix of it (4 characters
or more). Refusals are raised with what to do next: ``REFUSALS`` lists their types.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.flows.model import Flow
from bot.proposals.review import (
    NotAllowed,
    ProposalNotFound,
    list_drafts,
    proposal_flow,
    propose_file,
    publish_proposal,
    reject_proposal,
    update_draft,
)
from storage.models import FlowProposal
from storage.queries import proposals
from storage.queries.accounts import cli_account

# What a review step refuses with (a message saying what to do); any other LookupError names no workspace.
REFUSALS = (NotAllowed, ProposalNotFound, ValueError)


async def propose_flow_file(db: async_sessionmaker[AsyncSession], team: str | None, path: Path) -> FlowProposal:
    """A flow file as a draft for review; publishes nothing."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await propose_file(session, account.id, path)


async def drafts_of(db: async_sessionmaker[AsyncSession], team: str | None) -> list[FlowProposal]:
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await list_drafts(session, account.id)


async def draft_as_flow(db: async_sessionmaker[AsyncSession], team: str | None, id_text: str) -> Flow:
    """The proposal as a flow, to export, edit and ``proposal-update``."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        proposal_id = await _proposal_id(session, account.id, id_text)
        proposal = await proposals.proposal_by_id(session, account.id, proposal_id)
        if proposal is None:
            raise ProposalNotFound(f"no proposal {proposal_id}; see walkbot flows proposals")
        return proposal_flow(proposal)


async def update_draft_from_file(
    db: async_sessionmaker[AsyncSession], team: str | None, id_text: str, path: Path
) -> FlowProposal:
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await update_draft(session, account.id, await _proposal_id(session, account.id, id_text), path)


async def publish_draft(db: async_sessionmaker[AsyncSession], team: str | None, id_text: str) -> tuple[str, int]:
    """Publish the draft as a new flow or the next version of its slug. Returns (slug, version)."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        proposal_id = await _proposal_id(session, account.id, id_text)
        return await publish_proposal(session, account.id, proposal_id, reviewer_user_id=None, is_admin=True)


async def reject_draft(
    db: async_sessionmaker[AsyncSession], team: str | None, id_text: str, reason: str
) -> FlowProposal:
    async with db.begin() as session:
        account = await cli_account(session, team)
        proposal_id = await _proposal_id(session, account.id, id_text)
        return await reject_proposal(
            session, account.id, proposal_id, reviewer_user_id=None, is_admin=True, reason=reason
        )


async def _proposal_id(session: AsyncSession, account_id: uuid.UUID, text: str) -> uuid.UUID:
    """A full proposal id, or a prefix that names exactly one proposal; ProposalNotFound says why otherwise."""
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    matches = await proposals.proposals_with_id_prefix(session, account_id, text) if len(text) >= 4 else []
    if len(matches) == 1:
        return matches[0].id
    why = "matches several proposals: give more of it" if matches else "is not a proposal id"
    raise ProposalNotFound(f"{text!r} {why}; see walkbot flows proposals")
