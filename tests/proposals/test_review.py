"""Proposing, publishing, rejecting and trying draft flows, on the real database."""

import asyncio
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.engine import Choose, Continue
from bot.flows.export import flow_to_yaml
from bot.flows.validation import checked_definition
from bot.proposals.review import (
    InvalidProposal,
    NotAllowed,
    list_drafts,
    proposal_flow,
    propose_file,
    propose_from_walk,
    publish_proposal,
    reject_proposal,
    start_trial,
    update_draft,
)
from bot.walks.stepping import take_step
from storage.models import FlowProposal, L1WalkSession, Tree
from storage.queries import accounts, sessions, trees
from tests.proposals.walks import adhoc_walk, ai_walk

PRINTER_FLOW = """
slug: printer-offline
title: Printer offline
category: printer
start: power
nodes:
  - id: power
    type: question
    text: Is the printer switched on?
    options:
      - label: "Yes"
        next: cable
      - label: "No"
        next: switch-on
  - id: switch-on
    type: instruction
    text: Switch the printer on and wait a minute.
    next: fixed
  - id: cable
    type: instruction
    text: Reseat the printer's network cable.
    next: fixed
    failed_next: esc
  - id: fixed
    type: resolve
    text: Printer back online.
  - id: esc
    type: escalate
    text: Printer still offline.
"""


async def _setup(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        tech = await accounts.user_for_slack_id(s, account.id, "U-TECH")
        admin = await accounts.user_for_slack_id(s, account.id, "U-ADMIN", role="admin")
    return account.id, tech.id, admin.id


async def _walk_row(db, account_id, user_id, walker, **extra):
    async with db.begin() as s:
        row = await sessions.create_session(
            s,
            account_id=account_id,
            created_by_user_id=user_id,
            ticket_id="4711",
            ticket_kind="psa",
            category="printer",
            problem_text="Printer in accounting shows offline",
            **{**walker.columns(), **extra},
        )
    return row.id


async def _propose(db, account_id, user_id, session_id, **kwargs):
    async with db.begin() as s:
        walk = await sessions.get_session(s, account_id, session_id)
        proposal = await propose_from_walk(s, walk, user_id=user_id, **kwargs)
    return proposal


async def test_a_resolved_adhoc_walk_becomes_one_valid_draft_even_when_proposed_twice(db):
    account_id, tech, _ = await _setup(db)
    session_id = await _walk_row(db, account_id, tech, adhoc_walk())

    first = await _propose(db, account_id, tech, session_id, ticket_summary="Accounting printer offline")
    second = await _propose(db, account_id, tech, session_id)

    assert second.id == first.id
    assert (first.source, first.status, first.l1_session_id, first.created_by_user_id) == (
        "adhoc",
        "draft",
        session_id,
        tech,
    )
    assert first.slug == "accounting-printer-offline" and first.title == "Accounting printer offline"
    assert checked_definition(first.definition, source="draft", allow_needs_review=True)[1] == []
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(FlowProposal)) == 1
        assert [p.id for p in await list_drafts(s, account_id)] == [first.id]


async def test_without_a_summary_the_draft_is_named_after_the_ticket_taken_at_intake(db):
    account_id, tech, _ = await _setup(db)
    snapshot = {"summary": "Label printer in shipping prints blank labels", "company": "Acme"}
    session_id = await _walk_row(db, account_id, tech, ai_walk(), ticket_snapshot=snapshot)

    proposal = await _propose(db, account_id, tech, session_id)

    assert (proposal.slug, proposal.title) == (
        "label-printer-in-shipping-prints-blank-labels",
        "Label printer in shipping prints blank labels",
    )
    assert (proposal.source, proposal.definition["category"]) == ("ai_build", "printer")


async def test_two_concurrent_clicks_on_propose_make_one_draft(db):
    account_id, tech, _ = await _setup(db)
    session_id = await _walk_row(db, account_id, tech, ai_walk())

    a, b = await asyncio.gather(*(_propose(db, account_id, tech, session_id) for _ in range(2)))

    assert a.id == b.id
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(FlowProposal)) == 1


async def test_only_resolved_adhoc_or_ai_walks_can_be_proposed(db):
    account_id, tech, _ = await _setup(db)
    active = adhoc_walk()
    active_id = await _walk_row(db, account_id, tech, active, status="active", resolution_notes=None)

    with pytest.raises(ValueError, match="only a resolved walk"):
        await _propose(db, account_id, tech, active_id)
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(FlowProposal)) == 0


async def test_publishing_a_draft_with_stubs_is_refused_naming_each_stub(db):
    account_id, tech, admin = await _setup(db)
    proposal = await _propose(db, account_id, tech, await _walk_row(db, account_id, tech, ai_walk()))

    async with db.begin() as s:
        with pytest.raises(InvalidProposal) as refused:
            await publish_proposal(s, account_id, proposal.id, reviewer_user_id=admin, is_admin=True)

    message = str(refused.value)
    for stub in ("step-1-green-steady", "step-1-no-light-at-all", "step-2-worked", "step-3-didnt-work"):
        assert f"'{stub}'" in message
    assert "4 step(s) still need review" in message
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Tree)) == 0
        assert (await s.get(FlowProposal, proposal.id)).status == "draft"


async def test_a_reviewed_draft_publishes_v1_and_a_changed_draft_of_the_same_slug_v2(db, tmp_path):
    account_id, tech, admin = await _setup(db)
    proposal = await _propose(
        db,
        account_id,
        tech,
        await _walk_row(db, account_id, tech, ai_walk()),
        ticket_summary="Accounting printer offline",
    )

    # The reviewer exports the draft, turns each stub into a real escalation and re-submits it.
    exported = flow_to_yaml(proposal_flow(proposal))
    edited = re.sub(r"text: 'Not walked yet:.*'", "text: Escalate to the printer team.", exported)
    edited = edited.replace("    needs_review: true\n", "")
    (tmp_path / "edited.yaml").write_text(edited)
    async with db.begin() as s:
        await update_draft(s, account_id, proposal.id, tmp_path / "edited.yaml")
    async with db.begin() as s:
        assert await publish_proposal(s, account_id, proposal.id, reviewer_user_id=admin, is_admin=True) == (
            "accounting-printer-offline",
            1,
        )

    async with db() as s:
        published = await s.get(FlowProposal, proposal.id)
        tree = await trees.latest_version(s, account_id, "accounting-printer-offline")
        assert (published.status, published.reviewed_by_user_id, published.published_tree_id) == (
            "published",
            admin,
            tree.id,
        )
        assert published.reviewed_at is not None
        assert tree.definition["nodes"][0]["text"] == "Which light is on on the printer's panel?"
        assert not any(n.get("needs_review") for n in tree.definition["nodes"])

    (tmp_path / "v2.yaml").write_text(edited.replace("Reseated the network cable", "Reseat the network cable"))
    async with db.begin() as s:
        second = await propose_file(s, account_id, tmp_path / "v2.yaml", user_id=tech)
    async with db.begin() as s:
        assert await publish_proposal(s, account_id, second.id, reviewer_user_id=admin, is_admin=True) == (
            "accounting-printer-offline",
            2,
        )


async def test_non_admins_cannot_publish_or_reject(db, tmp_path):
    account_id, tech, _ = await _setup(db)
    (tmp_path / "printer-offline.yaml").write_text(PRINTER_FLOW)
    async with db.begin() as s:
        proposal = await propose_file(s, account_id, tmp_path / "printer-offline.yaml", user_id=tech)

    async with db.begin() as s:
        with pytest.raises(NotAllowed, match="Only admins publish flows; ask an admin."):
            await publish_proposal(s, account_id, proposal.id, reviewer_user_id=tech, is_admin=False)
        with pytest.raises(NotAllowed, match="ask an admin"):
            await reject_proposal(s, account_id, proposal.id, reviewer_user_id=tech, is_admin=False, reason="no")

    async with db() as s:
        assert (await s.get(FlowProposal, proposal.id)).status == "draft"
        assert await s.scalar(select(func.count()).select_from(Tree)) == 0


async def test_an_admin_rejects_with_a_reason_and_a_rejected_draft_cannot_be_published(db, tmp_path):
    account_id, tech, admin = await _setup(db)
    (tmp_path / "printer-offline.yaml").write_text(PRINTER_FLOW)
    async with db.begin() as s:
        proposal = await propose_file(s, account_id, tmp_path / "printer-offline.yaml", user_id=tech)
    async with db.begin() as s:
        with pytest.raises(ValueError, match="Give a reason"):
            await reject_proposal(s, account_id, proposal.id, reviewer_user_id=admin, is_admin=True, reason=" ")
        await reject_proposal(
            s, account_id, proposal.id, reviewer_user_id=admin, is_admin=True, reason="Duplicates printer-basic"
        )

    async with db.begin() as s:
        with pytest.raises(InvalidProposal, match="already rejected"):
            await publish_proposal(s, account_id, proposal.id, reviewer_user_id=admin, is_admin=True)
    async with db() as s:
        rejected = await s.get(FlowProposal, proposal.id)
        assert (rejected.status, rejected.rejection_reason, rejected.reviewed_by_user_id) == (
            "rejected",
            "Duplicates printer-basic",
            admin,
        )
        assert await list_drafts(s, account_id) == []


async def test_an_invalid_file_is_refused_with_every_error_and_saves_nothing(db, tmp_path):
    account_id, tech, _ = await _setup(db)
    broken = PRINTER_FLOW.replace("next: fixed\n    failed_next: esc", "next: nowhere").replace(
        "slug: printer-offline", "slug: Printer Offline"
    )
    (tmp_path / "broken.yaml").write_text(broken)

    async with db.begin() as s:
        with pytest.raises(InvalidProposal) as refused:
            await propose_file(s, account_id, tmp_path / "broken.yaml", user_id=tech)

    message = str(refused.value)
    assert "broken.yaml is not a valid flow" in message
    assert "slug 'Printer Offline'" in message and "next 'nowhere' is not a node" in message
    assert len(refused.value.errors) >= 3  # the bad next, the slug, and the now-unreachable escalate node
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(FlowProposal)) == 0


async def test_trying_a_draft_walks_it_as_a_proposal_session(db, tmp_path):
    account_id, tech, _ = await _setup(db)
    (tmp_path / "printer-offline.yaml").write_text(PRINTER_FLOW)
    async with db.begin() as s:
        proposal = await propose_file(s, account_id, tmp_path / "printer-offline.yaml", user_id=tech)

    async with db.begin() as s:
        stepped = await start_trial(s, account_id, proposal.id, user_id=tech)
        assert stepped.outcome.view.node.text == "Is the printer switched on?"
        session_id = stepped.session.id
    async with db.begin() as s:
        now = datetime.now(UTC)
        await take_step(s, account_id, session_id, Choose(revision=0, actor="U-TECH", at=now, option_id="yes"))
        after = await take_step(s, account_id, session_id, Continue(revision=1, actor="U-TECH", at=now))
        assert after.outcome.view.node.text == "Printer back online."

    async with db() as s:
        row = await s.get(L1WalkSession, session_id)
        assert (row.session_kind, row.flow_proposal_id, row.flow_id, row.ticket_id, row.ticket_kind) == (
            "proposal",
            proposal.id,
            None,
            "INT-TRIAL",
            "internal",
        )
        assert [e["node_id"] for e in row.walked_path] == ["power", "cable"]
