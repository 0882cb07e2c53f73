"""A known mix of walks, driven through the real engine and stored with chosen times, for exact report figures.

``printer`` is seeded to fail at its ``panel`` step; ``vpn`` exercises the drop-off tie rule. The expected
figures are worked out by hand in tests/insights/test_insight_queries.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import (
    Abandon,
    AddNote,
    Choose,
    Continue,
    DidntWork,
    Escalate,
    RecordStep,
    Resolve,
    WalkContext,
    apply,
    start_walk,
)
from bot.flows.model import Flow
from storage.models import L1WalkSession
from storage.queries import accounts, trees

NOW = datetime.now(UTC).replace(microsecond=0)  # walks are placed relative to now, as `--since 30d` reads them
SINCE = NOW - timedelta(days=30)

PRINTER = {
    "slug": "printer",
    "title": "Printer offline",
    "category": "printer",
    "match": {"keywords": ["printer", "print queue"]},
    "start": "scope",
    "nodes": [
        {
            "id": "scope",
            "type": "question",
            "text": "Only this user, or everyone?",
            "options": [
                {"id": "one-user", "label": "Only this user", "next": "queue"},
                {"id": "everyone", "label": "Everyone", "next": "panel"},
            ],
        },
        {
            "id": "queue",
            "type": "instruction",
            "text": "Clear the print queue.",
            "next": "fixed",
            "failed_next": "panel",
        },
        {
            "id": "panel",
            "type": "question",
            "text": "What does the printer panel show?",
            "options": [
                {"id": "ready", "label": "Ready", "next": "fixed"},
                {"id": "error", "label": "An error", "next": "esc"},
            ],
        },
        {"id": "fixed", "type": "resolve", "text": "Printing again."},
        {"id": "esc", "type": "escalate", "text": "Printer hardware fault.", "category": "hardware_fault"},
    ],
}

VPN = {
    "slug": "vpn",
    "title": "VPN won't connect",
    "category": "vpn",
    "start": "start",
    "nodes": [
        {
            "id": "start",
            "type": "question",
            "text": "Which error?",
            "options": [
                {"id": "a", "label": "Timeout", "next": "node-a"},
                {"id": "b", "label": "Auth failed", "next": "node-b"},
                {"id": "c", "label": "Other", "next": "node-c"},
            ],
        },
        {"id": "node-a", "type": "instruction", "text": "Restart the VPN client.", "next": "done"},
        {"id": "node-b", "type": "instruction", "text": "Re-enter the VPN credentials.", "next": "done"},
        {"id": "node-c", "type": "instruction", "text": "Reinstall the VPN client.", "next": "done"},
        {"id": "done", "type": "resolve", "text": "Connected."},
    ],
}


@dataclass(frozen=True)
class Walk:
    """One seeded walk: the moves made, how it ended, when, and for which ticket."""

    kind: str = "flow"
    flow: dict | None = None
    version: int = 1
    moves: tuple = ()  # ("choose", option) | ("done",) | ("failed",) | ("note", text) | ("step", text)
    end: str = "active"  # resolved | escalated | abandoned | active
    started_days_ago: float = 1
    minutes_to_resolve: float = 10
    helpful: bool | None = None
    category: str | None = None  # escalation reason category
    company: str | None = None
    board: str | None = None
    tech: str = "U1"
    problem: str | None = None  # problem_text of ad-hoc / AI walks
    problem_category: str | None = None
    team: str = "T1"
    ticket: str = "1"  # the ticket walked: a ConnectWise number, or an internal ticket (INT-7)


@dataclass
class Seeded:
    account_id: uuid.UUID
    other_account_id: uuid.UUID
    user_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    session_ids: list[uuid.UUID] = field(default_factory=list)


async def seed(
    db: AsyncSession, walks: list[Walk], *, flows: tuple[dict, ...] = (PRINTER, VPN), team: str = "T1"
) -> Seeded:
    """``team`` is the workspace a walk with ``team="T1"`` belongs to; "T2" walks go to another workspace."""
    account = await accounts.account_for_team(db, team)
    other = await accounts.account_for_team(db, "T2")
    seeded = Seeded(account.id, other.id)
    tree_ids: dict[tuple[str, int, str], uuid.UUID] = {}
    for team_account in (account, other):
        for definition in flows:
            for version in (1, 2):
                body = dict(definition, title=f"{definition['title']}" + ("" if version == 1 else " (v2)"))
                tree = await trees.publish(
                    db,
                    team_account.id,
                    slug=definition["slug"],
                    title=body["title"],
                    category=definition["category"],
                    definition=body,
                    fingerprint=f"{definition['slug']}-{version}",
                )
                tree_ids[("T1" if team_account is account else "T2", version, definition["slug"])] = tree.id
    names = {"U1": "Ann", "U2": "Bob"}
    for walk in walks:
        team_account = account if walk.team == "T1" else other
        user = await accounts.user_for_slack_id(db, team_account.id, walk.tech)
        user.display_name = names.get(walk.tech, walk.tech)
        seeded.user_ids[walk.tech] = user.id
        session = _stored_walk(walk, team_account.id, user.id, tree_ids)
        db.add(session)
        seeded.session_ids.append(session.id)
    await db.flush()
    return seeded


def _stored_walk(walk: Walk, account_id: uuid.UUID, user_id: uuid.UUID, tree_ids) -> L1WalkSession:
    started = NOW - timedelta(days=walk.started_days_ago)
    at = started
    ctx = WalkContext(flow=Flow.from_dict(walk.flow)) if walk.flow else WalkContext()
    state = start_walk(walk.kind, ctx).state
    for i, move in enumerate(walk.moves):
        at = at + timedelta(seconds=10)
        common = {"revision": state.revision, "actor": walk.tech, "at": at}
        if move[0] == "choose":
            action = Choose(option_id=move[1], **common)
        elif move[0] == "done":
            action = Continue(**common)
        elif move[0] == "failed":
            action = DidntWork(**common)
        elif move[0] == "step":
            action = RecordStep(text=move[1], result="no change", **common)
        else:
            action = AddNote(text=move[1], author=walk.tech, source="thread", source_id=f"ts-{i}", at=at)
        state = apply(state, action, ctx).state
    common = {"revision": state.revision, "actor": walk.tech}
    if walk.end == "resolved":
        end_at = started + timedelta(minutes=walk.minutes_to_resolve)
        state = apply(state, Resolve(notes="fixed", helpful=walk.helpful, at=end_at, **common), ctx).state
    elif walk.end == "escalated":
        state = apply(state, Escalate(reason="stuck", category=walk.category, at=at, **common), ctx).state
    elif walk.end == "abandoned":
        state = apply(state, Abandon(at=at, **common), ctx).state
    internal = walk.ticket.startswith("INT-")
    kind, psa = ("internal", "internal") if internal else ("psa", "connectwise")
    snapshot = {"id": walk.ticket, "kind": kind, "psa": psa, "summary": walk.problem or "ticket"}
    snapshot |= {"company": walk.company, "board": walk.board}
    flow_id = tree_ids[("T1" if walk.team == "T1" else "T2", walk.version, walk.flow["slug"])] if walk.flow else None
    return L1WalkSession(
        id=uuid.uuid4(),
        account_id=account_id,
        created_by_user_id=user_id,
        ticket_id=walk.ticket,
        ticket_kind=kind,
        flow_id=flow_id,
        problem_text=walk.problem,
        category=walk.problem_category,
        ticket_snapshot=snapshot,
        started_at=started,
        last_step_at=at,
        **state.to_columns(),
    )


def standard_walks() -> list[Walk]:
    """The known mix every insights test reads (see the expected figures beside each test)."""
    p, v = PRINTER, VPN
    printer = [
        # version 1
        Walk(
            flow=p,
            moves=(("choose", "one-user"), ("done",)),
            end="resolved",
            minutes_to_resolve=10,
            helpful=True,
            company="Acme",
            board="Service Desk",
            tech="U1",
        ),
        Walk(
            flow=p,
            moves=(("choose", "everyone"), ("note", "Panel shows E05, admin password=hunter2")),
            end="escalated",
            category="hardware_fault",
            company="Acme",
            board="Service Desk",
            tech="U1",
        ),
        Walk(
            flow=p, moves=(("choose", "everyone"),), end="abandoned", company="Globex", board="Service Desk", tech="U2"
        ),
        Walk(
            flow=p,
            moves=(("choose", "one-user"), ("failed",), ("choose", "error")),
            end="escalated",
            category="hardware_fault",
            company="Globex",
            board="Projects",
            tech="U2",
        ),
        # version 2
        Walk(
            flow=p,
            version=2,
            moves=(("choose", "everyone"), ("note", "Needs someone on site")),
            end="escalated",
            category="outside_l1_scope",
            company="Acme",
            board="Service Desk",
            tech="U2",
        ),
        Walk(
            flow=p,
            version=2,
            moves=(("choose", "one-user"), ("done",)),
            end="resolved",
            minutes_to_resolve=20,
            helpful=False,
            company="Acme",
            board="Service Desk",
            tech="U1",
        ),
        Walk(
            flow=p,
            version=2,
            moves=(("choose", "one-user"),),
            end="resolved",
            minutes_to_resolve=5,
            company="Globex",
            tech="U1",
        ),
        Walk(flow=p, version=2, end="active", company="Acme", board="Service Desk", tech="U1"),
    ]
    vpn = (
        [
            Walk(flow=v, moves=(("choose", "a"),), end="resolved", minutes_to_resolve=4, company="Initech")
            for _ in range(4)
        ]
        + [
            Walk(flow=v, moves=(("choose", "a"),), end=end, category="other", company="Initech")
            for end in ("escalated", "abandoned")
        ]
        + [Walk(flow=v, moves=(("choose", "b"),), end="resolved", minutes_to_resolve=4, company="Initech")]
        + [
            Walk(flow=v, moves=(("choose", "b"),), end="escalated", category="needs_admin_access", company="Initech")
            for _ in range(2)
        ]
        + [
            Walk(flow=v, moves=(("choose", "c"),), end="escalated", category="other", company="Initech")
            for _ in range(2)
        ]
    )
    others = [
        Walk(
            kind="adhoc",
            moves=(("step", "Checked the scanner cable"),),
            end="resolved",
            minutes_to_resolve=15,
            helpful=True,
            company="Acme",
            board="Service Desk",
            problem="Scanner not scanning to email",
            problem_category="peripherals",
        ),
        Walk(
            kind="ai_build",
            end="escalated",
            category="other",
            company="Globex",
            problem="Scanner shows paper jam",
            problem_category="peripherals",
            tech="U2",
        ),
        # outside the period, and another workspace's walk: in no figure
        Walk(flow=p, moves=(("choose", "everyone"),), end="escalated", category="other", started_days_ago=40),
        Walk(flow=p, moves=(("choose", "everyone"),), end="escalated", category="other", team="T2"),
    ]
    return printer + vpn + others
