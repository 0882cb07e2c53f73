"""``walkbot try`` end to end: a real subprocess, answers on stdin, and the session row it leaves in the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.flows.library import import_flow_files
from storage.models import Escalation, L1WalkSession, PsaOutbox, Tree, User
from storage.queries.accounts import cli_account
from tests.engine.walks import PRINTER_YAML, SPOOLER_YAML

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def published(db, tmp_path) -> Tree:
    """printer-test (and the spooler-test flow it links to) published in the test database; returns printer-test."""
    (tmp_path / "printer-test.yaml").write_text(PRINTER_YAML)
    (tmp_path / "spooler-test.yaml").write_text(SPOOLER_YAML)
    async with db.begin() as session:
        account = await cli_account(session)
        report = await import_flow_files(session, account.id, sorted(tmp_path.glob("*.yaml")))
        assert not report.errors, report.errors
        return await session.scalar(select(Tree).where(Tree.slug == "printer-test"))


def walkbot_try(
    database_url: str, *args: str, answers: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "try", *args],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


async def only_walk(db) -> L1WalkSession:
    async with db() as session:
        (walk,) = (await session.scalars(select(L1WalkSession))).all()
        return walk


async def test_walking_to_resolution_with_a_note_and_a_back_stores_the_session(db, database_url, published):
    answers = "1\nn toner is low\nf\nb\nd\nr\nRestarted the spooler\ny\n"
    result = walkbot_try(database_url, "printer-test", "--as", "alice", answers=answers)
    assert result.returncode == 0, result.stderr
    assert "Note added to this step." in result.stdout
    assert "Suggested escalation: Printer hardware needs a field visit." in result.stdout  # the failed path, backed out
    assert result.stdout.rstrip().endswith("Resolved: Restarted the spooler")

    walk = await only_walk(db)
    assert walk.status == "resolved"
    assert walk.resolution_notes == "Restarted the spooler"
    assert walk.helpful is True
    assert walk.resolved_at is not None
    assert walk.session_kind == "flow"
    assert walk.flow_id == published.id
    assert walk.ticket_kind == "internal"
    assert walk.ticket_id.startswith("INT-")
    assert [(s["node_id"], s["option_id"], s["option_label"]) for s in walk.walked_path] == [
        ("ask", "online", "Online"),
        ("restart", "done", "It worked"),
    ]
    assert {s["actor"] for s in walk.walked_path} == {"cli:alice"}
    assert [(n["node_id"], n["text"], n["source"], n["author"]) for n in walk.walk_notes] == [
        ("restart", "toner is low", "terminal", "cli:alice")
    ]
    assert walk.revision == 5  # choose, didn't work, back, done, resolve
    async with db() as session:
        user = await session.get(User, walk.created_by_user_id)
    assert (user.slack_user_id, user.display_name) == ("cli:alice", "alice")


async def test_escalating_through_the_terminal_stores_category_reason_and_the_input_note(db, database_url, published):
    answers = "2\nprn-02.corp.local\ne\n3\nPrinter sits on the guest VLAN\n"
    result = walkbot_try(database_url, "printer-test", "--as", "bob", answers=answers)
    assert result.returncode == 0, result.stderr
    assert "Escalated: Printer sits on the guest VLAN" in result.stdout

    walk = await only_walk(db)
    assert walk.status == "escalated"
    assert walk.escalation_reason_category == "outside_l1_scope"
    assert walk.escalation_reason == "Printer sits on the guest VLAN"
    assert walk.current_node_id == "ping"
    assert [(n["node_id"], n["text"], n["source"]) for n in walk.walk_notes] == [
        ("host", "Printer hostname: prn-02.corp.local", "input")
    ]


async def test_at_an_escalate_step_enter_takes_the_suggested_category_and_reason(db, database_url, published):
    result = walkbot_try(database_url, "printer-test", answers="1\nf\n1\n\n\n")
    assert result.returncode == 0, result.stderr

    walk = await only_walk(db)
    assert walk.status == "escalated"
    assert walk.escalation_reason_category == "hardware_fault"
    assert walk.escalation_reason == "Printer hardware needs a field visit."


async def test_a_link_continues_in_the_linked_flow(db, database_url, published):
    result = walkbot_try(database_url, "printer-test", answers="3\n1\nd\n1\nCleared the spool folder\nn\n")
    assert result.returncode == 0, result.stderr
    assert "── Step 3 · Spooler test" in result.stdout

    walk = await only_walk(db)
    assert walk.status == "resolved"
    assert walk.helpful is False
    assert [s["node_id"] for s in walk.walked_path] == ["ask", "to-spooler", "spooler-test:clear"]
    assert walk.current_node_id == "spooler-test:done"


async def test_end_of_input_quits_and_leaves_the_walk_active_where_it_stopped(db, database_url, published):
    result = walkbot_try(database_url, "printer-test", "--ticket", "#12345", answers="1\n")
    assert result.returncode == 0, result.stderr
    assert "Left the walk active" in result.stdout

    walk = await only_walk(db)
    assert (walk.status, walk.current_node_id, walk.revision) == ("active", "restart", 1)
    assert (walk.ticket_kind, walk.ticket_id) == ("psa", "12345")


async def test_a_refused_answer_says_why_and_the_walk_goes_on(db, database_url, published):
    result = walkbot_try(database_url, "printer-test", answers="b\n9\n1\nq\n")
    assert result.returncode == 0, result.stderr
    assert "This is the first step; there is nothing to go back to." in result.stdout
    assert "Pick a number from 1 to 3." in result.stdout

    walk = await only_walk(db)
    assert (walk.status, walk.current_node_id) == ("active", "restart")


async def test_an_unknown_flow_is_one_clear_line_and_exit_code_1(db, database_url, published):
    result = walkbot_try(database_url, "no-such-flow", answers="")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "no published flow 'no-such-flow': walkbot flows import flows/ first, see walkbot flows list"
    )
    async with db() as session:
        assert (await session.scalars(select(L1WalkSession))).all() == []


async def test_a_ticket_that_is_neither_psa_nor_internal_is_refused(db, database_url, published):
    result = walkbot_try(database_url, "printer-test", "--ticket", "ABC", answers="")
    assert result.returncode == 2
    assert "--ticket 'ABC' is neither a PSA ticket number (12345) nor an internal ticket (INT-7)" in result.stderr


async def test_a_walk_on_a_psa_ticket_is_queued_for_write_back_and_an_escalation_for_engineers(
    db, database_url, published
):
    psa = {"PSA_KIND": "connectwise", "CW_BASE_URL": "http://127.0.0.1:9/v4_6_release/apis/3.0", "CW_COMPANY": "acme",
           "CW_PUBLIC_KEY": "pub", "CW_PRIVATE_KEY": "priv", "CW_CLIENT_ID": "client"}  # fmt: skip
    answers = "2\nprn-02.corp.local\ne\n3\nPrinter sits on the guest VLAN\n"
    result = walkbot_try(database_url, "printer-test", "--ticket", "12345", answers=answers, env=psa)
    assert result.returncode == 0, result.stderr
    walk = await only_walk(db)
    async with db() as session:
        writes = list(await session.scalars(select(PsaOutbox).where(PsaOutbox.session_id == walk.id)))
        handoff = await session.get(Escalation, walk.id)
    assert [(w.psa_kind, w.ticket_id, w.kind, w.status) for w in writes] == [
        ("connectwise", "12345", "note", "pending")
    ]
    assert "Printer sits on the guest VLAN" in writes[0].payload["text"]
    assert handoff is not None and handoff.picked_up_by_user_id is None  # in /walk escalations for engineers


async def test_resolving_a_psa_ticket_in_the_terminal_sets_the_configured_status_as_slack_does(
    db, database_url, published
):
    psa = {"PSA_KIND": "connectwise", "CW_BASE_URL": "http://127.0.0.1:9/v4_6_release/apis/3.0", "CW_COMPANY": "acme",
           "CW_PUBLIC_KEY": "pub", "CW_PRIVATE_KEY": "priv", "CW_CLIENT_ID": "client",
           "CW_RESOLVED_STATUS": "Completed"}  # fmt: skip
    result = walkbot_try(
        database_url, "printer-test", "--ticket", "12345", answers="r\nCleared the queue\ny\n", env=psa
    )
    assert result.returncode == 0, result.stderr
    walk = await only_walk(db)
    async with db() as session:
        writes = list(await session.scalars(select(PsaOutbox).where(PsaOutbox.session_id == walk.id)))
    assert walk.status == "resolved"
    assert sorted((w.kind, w.payload.get("status")) for w in writes) == [("note", None), ("status", "Completed")]
