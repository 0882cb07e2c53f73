"""``walkbot flows propose / proposals / proposal-export / proposal-update / publish / reject``, as subprocesses."""

import re

from sqlalchemy import select

from bot.proposals.review import propose_from_walk
from storage.models import FlowProposal, Tree
from storage.queries import accounts, sessions
from tests.commands.cli import walkbot
from tests.proposals.walks import ai_walk

VPN_FLOW = """
slug: vpn-connect
title: VPN will not connect
category: vpn
start: reconnect
nodes:
  - id: reconnect
    type: instruction
    text: Disconnect and reconnect the VPN client.
    next: fixed
    failed_next: esc
  - id: fixed
    type: resolve
    text: VPN connected.
  - id: esc
    type: escalate
    text: VPN still fails.
"""


async def test_an_author_proposes_a_file_and_the_operator_publishes_it(db, database_url, tmp_path):
    (tmp_path / "vpn.yaml").write_text(VPN_FLOW)

    proposed = walkbot(database_url, "flows", "propose", "vpn.yaml", cwd=tmp_path)
    assert proposed.returncode == 0, proposed.stderr
    proposal_id = re.search(r"as draft ([0-9a-f-]{36})", proposed.stdout).group(1)

    listed = walkbot(database_url, "flows", "proposals", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert re.search(rf"{proposal_id}\s+vpn-connect\s+author\s+0 stubs", listed.stdout)

    published = walkbot(database_url, "flows", "publish", proposal_id[:8], cwd=tmp_path)
    assert published.returncode == 0, published.stderr
    assert published.stdout.strip() == "published vpn-connect v1"
    async with db() as s:
        proposal = await s.get(FlowProposal, proposal_id)
        tree = await s.scalar(select(Tree).where(Tree.slug == "vpn-connect"))
        assert (proposal.status, proposal.published_tree_id, proposal.source) == ("published", tree.id, "author")
    assert "no draft flows" in walkbot(database_url, "flows", "proposals", cwd=tmp_path).stdout


async def test_a_walk_draft_is_exported_edited_updated_then_published(db, database_url, tmp_path):
    async with db.begin() as s:
        account = await accounts.cli_account(s)
        tech = await accounts.user_for_slack_id(s, account.id, "U-TECH")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id="88",
            ticket_kind="psa",
            **ai_walk().columns(),
        )
        proposal = await propose_from_walk(s, walk, user_id=tech.id, ticket_summary="Printer offline")
        proposal_id = str(proposal.id)

    refused = walkbot(database_url, "flows", "publish", proposal_id, cwd=tmp_path)
    assert refused.returncode == 1
    assert "'step-1-green-steady'" in refused.stderr and "'step-3-didnt-work'" in refused.stderr
    assert "Traceback" not in refused.stderr

    exported = walkbot(database_url, "flows", "proposal-export", proposal_id, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.count("needs_review: true") == 4
    edited = re.sub(r"text: 'Not walked yet:.*'", "text: Escalate to the printer team.", exported.stdout)
    (tmp_path / "edited.yaml").write_text(edited.replace("    needs_review: true\n", ""))

    updated = walkbot(database_url, "flows", "proposal-update", proposal_id, "edited.yaml", cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    assert "ready to publish" in updated.stdout
    published = walkbot(database_url, "flows", "publish", proposal_id, cwd=tmp_path)
    assert published.returncode == 0, published.stderr
    assert published.stdout.strip() == "published printer-offline v1"


async def test_reject_needs_a_reason_and_records_it(db, database_url, tmp_path):
    (tmp_path / "vpn.yaml").write_text(VPN_FLOW)
    proposal_id = re.search(
        r"as draft ([0-9a-f-]{36})", walkbot(database_url, "flows", "propose", "vpn.yaml", cwd=tmp_path).stdout
    ).group(1)

    missing = walkbot(database_url, "flows", "reject", proposal_id, cwd=tmp_path)
    assert missing.returncode == 2 and "--reason" in missing.stderr
    rejected = walkbot(database_url, "flows", "reject", proposal_id, "--reason", "We already have one", cwd=tmp_path)
    assert rejected.returncode == 0, rejected.stderr
    async with db() as s:
        proposal = await s.get(FlowProposal, proposal_id)
        assert (proposal.status, proposal.rejection_reason) == ("rejected", "We already have one")


async def test_an_invalid_file_prints_every_error_and_proposes_nothing(db, database_url, tmp_path):
    (tmp_path / "bad.yaml").write_text(VPN_FLOW.replace("next: fixed", "nxt: fixed").replace("vpn-connect", "VPN"))

    result = walkbot(database_url, "flows", "propose", "bad.yaml", cwd=tmp_path)

    assert result.returncode == 1
    assert "bad.yaml is not a valid flow; nothing was saved" in result.stderr
    assert "unknown key 'nxt': did you mean 'next'?" in result.stderr
    assert "slug 'VPN'" in result.stderr
    async with db() as s:
        assert (await s.scalars(select(FlowProposal))).all() == []
