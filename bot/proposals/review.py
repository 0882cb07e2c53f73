"""What people do with draft flows: propose one (from a walk or a file), try it, update it, publish or reject it.

Only admins publish or reject; anyone may propose, try or update a draft. Publishing runs the
same rules as importing an authored file, plus one: no ``needs_review`` stub may be left, so a
branch nobody walked never reaches a technician. Callers own the transaction (commit after).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.kinds import PROPOSABLE_KINDS, SessionKind, TicketKind, WalkStatus
from bot.engine.state import notes_of, steps_of
from bot.flows.library import publish_flow
from bot.flows.loader import load_flow_files
from bot.flows.model import Flow
from bot.flows.validation import (
    FlowError,
    checked_definition,
    flow_links,
    link_cycle_errors,
)
from bot.proposals.from_walk import draft_from_walk
from bot.walks.stepping import Stepped, begin_walk, walk_context
from storage.models import FlowProposal, L1WalkSession
from storage.queries import proposals, sessions, trees

TRIAL_TICKET = "INT-TRIAL"


class NotAllowed(Exception):
    """The user may not do this (publish or reject without being an admin)."""


class ProposalNotFound(LookupError):
    """No proposal with that id in this account."""


class InvalidProposal(ValueError):
    """A draft or file that cannot be accepted; ``errors`` lists every problem, ``str()`` says what to do."""

    def __init__(self, message: str, errors: Sequence[FlowError] = ()) -> None:
        self.errors = list(errors)
        lines = [message, *(f"  {e}" for e in self.errors)]
        super().__init__("\n".join(lines))


# ── proposing ──


async def propose_from_walk(
    db: AsyncSession, session: L1WalkSession, *, user_id: uuid.UUID | None, ticket_summary: str | None = None
) -> FlowProposal:
    """The draft distilled from a resolved ad-hoc or AI-guided walk; a second click returns the same draft."""
    if session.session_kind not in PROPOSABLE_KINDS:
        raise ValueError("Only ad-hoc and AI-guided walks can be proposed as flows; this walk already followed a flow.")
    if session.status != WalkStatus.RESOLVED:
        raise ValueError(f"This walk is {session.status}; only a resolved walk can be proposed as a flow.")
    # The row lock serialises two clicks on "Propose as flow", so the second finds the first's draft.
    locked = await sessions.lock_session(db, session.account_id, session.id)
    session = locked if locked is not None else session
    existing = await proposals.proposal_for_session(db, session.account_id, session.id)
    if existing is not None:
        return existing
    summary = ticket_summary or _snapshot_summary(session)
    flow = draft_from_walk(
        session_kind=session.session_kind,
        walked_path=steps_of(session.walked_path),
        walk_notes=notes_of(session.walk_notes),
        resolution_notes=session.resolution_notes,
        category=session.category,
        problem_text=session.problem_text,
        ticket_summary=summary,
        slug_hint=summary or session.problem_text or f"{session.session_kind}-{session.ticket_id}",
    )
    return await proposals.create_proposal(
        db,
        session.account_id,
        slug=flow.slug,
        title=flow.title,
        definition=flow.to_dict(),
        source=session.session_kind,
        l1_session_id=session.id,
        created_by_user_id=user_id,
    )


async def propose_file(
    db: AsyncSession, account_id: uuid.UUID, path: Path, *, user_id: uuid.UUID | None = None
) -> FlowProposal:
    """An author's flow file as a draft (not published). Raises InvalidProposal listing every error."""
    flow = await _load_file(db, account_id, path)
    return await proposals.create_proposal(
        db,
        account_id,
        slug=flow.slug,
        title=flow.title,
        definition=flow.to_dict(),
        source="author",
        created_by_user_id=user_id,
    )


async def update_draft(db: AsyncSession, account_id: uuid.UUID, proposal_id: uuid.UUID, path: Path) -> FlowProposal:
    """Replace a draft with an edited file: how a reviewer fills or prunes stubs (export, edit, re-submit)."""
    proposal = await _draft(db, account_id, proposal_id, doing="update")
    flow = await _load_file(db, account_id, path)
    await proposals.replace_draft(db, proposal, slug=flow.slug, title=flow.title, definition=flow.to_dict())
    return proposal


async def list_drafts(db: AsyncSession, account_id: uuid.UUID) -> list[FlowProposal]:
    return await proposals.drafts(db, account_id)


def proposal_flow(proposal: FlowProposal) -> Flow:
    return Flow.from_dict(proposal.definition)


def stub_ids(proposal: FlowProposal) -> list[str]:
    """Nodes of the draft that still need a reviewer (branches nobody walked)."""
    return [n["id"] for n in proposal.definition.get("nodes") or () if n.get("needs_review")]


# ── reviewing ──


async def publish_proposal(
    db: AsyncSession,
    account_id: uuid.UUID,
    proposal_id: uuid.UUID,
    *,
    reviewer_user_id: uuid.UUID | None,
    is_admin: bool,
) -> tuple[str, int]:
    """Publish the draft as a new flow or the next version of its slug. Returns (slug, version)."""
    if not is_admin:
        raise NotAllowed("Only admins publish flows; ask an admin.")
    proposal = await _draft(db, account_id, proposal_id, doing="publish", lock=True)
    source = f"proposal {proposal.slug}"
    stubs = stub_ids(proposal)
    if stubs:
        named = ", ".join(f"'{s}'" for s in stubs)
        raise InvalidProposal(
            f"Can't publish '{proposal.slug}': {len(stubs)} step(s) still need review: {named}. "
            "Fill each one in or remove it (export the draft, edit it, update it), then publish again."
        )
    published = {t.slug: t for t in await trees.latest_published(db, account_id)}
    flow, errors = checked_definition(
        proposal.definition, source=source, known_slugs=set(published), allow_needs_review=False
    )
    if flow is not None:
        existing_links = {slug: flow_links(Flow.from_dict(t.definition)) for slug, t in published.items()}
        errors += link_cycle_errors([flow], existing_links=existing_links, sources={flow.slug: source})
    if errors or flow is None:
        raise InvalidProposal(f"Can't publish '{proposal.slug}'; fix these and update the draft:", errors)
    slug, version, _ = await publish_flow(db, account_id, flow, source=f"proposal:{proposal.id}")
    tree = await trees.version(db, account_id, slug, version)
    await proposals.mark_published(db, proposal, reviewer_user_id=reviewer_user_id, tree_id=tree.id)
    return slug, version


async def reject_proposal(
    db: AsyncSession,
    account_id: uuid.UUID,
    proposal_id: uuid.UUID,
    *,
    reviewer_user_id: uuid.UUID | None,
    is_admin: bool,
    reason: str,
) -> FlowProposal:
    if not is_admin:
        raise NotAllowed("Only admins reject flow proposals; ask an admin.")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give a reason for rejecting, so the author knows what to change.")
    proposal = await _draft(db, account_id, proposal_id, doing="reject", lock=True)
    await proposals.mark_rejected(db, proposal, reviewer_user_id=reviewer_user_id, reason=reason)
    return proposal


async def start_trial(
    db: AsyncSession,
    account_id: uuid.UUID,
    proposal_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    ticket_id: str = TRIAL_TICKET,
) -> Stepped:
    """Walk the draft on a test ticket: a ``proposal`` session, so nothing is written to a real ticket."""
    proposal = await _draft(db, account_id, proposal_id, doing="try")
    columns = {
        "account_id": account_id,
        "created_by_user_id": user_id,
        "ticket_id": ticket_id,
        "ticket_kind": TicketKind.INTERNAL,
        "session_kind": SessionKind.PROPOSAL,
        "flow_proposal_id": proposal.id,
        "flow_id": None,
    }
    # walk_context reads only these columns, so an unsaved row describes the walk before it exists.
    context = await walk_context(db, L1WalkSession(**columns))
    return await begin_walk(db, context, **columns)


# ── helpers ──


async def _draft(
    db: AsyncSession, account_id: uuid.UUID, proposal_id: uuid.UUID, *, doing: str, lock: bool = False
) -> FlowProposal:
    find = proposals.lock_proposal if lock else proposals.proposal_by_id
    proposal = await find(db, account_id, proposal_id)
    if proposal is None:
        raise ProposalNotFound(f"No flow proposal {proposal_id}; list drafts with `walkbot flows proposals`.")
    if proposal.status != "draft":
        raise InvalidProposal(f"Can't {doing} proposal '{proposal.slug}': it was already {proposal.status}.")
    return proposal


async def _load_file(db: AsyncSession, account_id: uuid.UUID, path: Path) -> Flow:
    """A flow file checked like an import (links may reach published flows); stubs are allowed in a draft."""
    published = {t.slug for t in await trees.latest_published(db, account_id)}
    flows, errors = load_flow_files([path], known_slugs=published)
    if errors or not flows:
        raise InvalidProposal(f"{path.name} is not a valid flow; nothing was saved:", errors)
    return flows[0]


def _snapshot_summary(session: L1WalkSession) -> str | None:
    snapshot = getattr(session, "ticket_snapshot", None) or {}
    summary = snapshot.get("summary") if isinstance(snapshot, dict) else None
    return summary if isinstance(summary, str) and summary.strip() else None
