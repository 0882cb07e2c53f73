"""Every figure of storage/queries/insights.py on the known mix of tests/insights/seed.py, worked out by hand."""

import pytest
from sqlalchemy import text

from storage.queries import insights
from storage.queries.insights import Period
from tests.insights.seed import NOW, SINCE, Walk, standard_walks
from tests.insights.seed import seed as seed_walks


@pytest.fixture
async def seeded(db):
    async with db.begin() as s:
        return await seed_walks(s, standard_walks())


def _period(seeded, **kw):
    return Period(seeded.account_id, SINCE, NOW, **kw)


def _by(rows, dimension):
    return {(r.key, r.version): r for r in rows if r.dimension == dimension}


def _counts(row):
    return (row.walks, row.resolved, row.escalated, row.abandoned, row.active)


async def test_flow_figures_across_versions(db, seeded):
    async with db.begin() as s:
        flows = _by(await insights.outcome_counts(s, _period(seeded)), "flow")
    assert set(flows) == {("printer", None), ("vpn", None)}
    printer = flows[("printer", None)]
    assert _counts(printer) == (8, 3, 3, 1, 1)
    # resolved in 10, 20 and 5 minutes: median 600 s; p90 interpolated between 600 and 1200
    assert printer.median_seconds_to_resolve == 600
    assert printer.p90_seconds_to_resolve == pytest.approx(1080)
    assert (printer.helpful_yes, printer.helpful_answered, printer.helpful_rate) == (1, 2, 0.5)
    vpn = flows[("vpn", None)]
    assert _counts(vpn) == (11, 5, 5, 1, 0)
    assert (vpn.median_seconds_to_resolve, vpn.p90_seconds_to_resolve) == (240, 240)
    assert vpn.helpful_rate is None  # nobody answered "was this helpful"


async def test_each_version_has_its_own_figures(db, seeded):
    async with db.begin() as s:
        versions = _by(await insights.outcome_counts(s, _period(seeded)), "version")
    assert set(versions) == {("printer", 1), ("printer", 2), ("vpn", 1)}
    v1, v2 = versions[("printer", 1)], versions[("printer", 2)]
    assert _counts(v1) == (4, 1, 2, 1, 0)
    assert (v1.median_seconds_to_resolve, v1.p90_seconds_to_resolve, v1.helpful_rate) == (600, 600, 1.0)
    assert _counts(v2) == (4, 2, 1, 0, 1)
    assert v2.median_seconds_to_resolve == 750 and v2.p90_seconds_to_resolve == pytest.approx(1110)
    assert v2.helpful_rate == 0.0


async def test_adhoc_and_ai_walks_are_reported_under_their_kind(db, seeded):
    async with db.begin() as s:
        kinds = _by(await insights.outcome_counts(s, _period(seeded)), "kind")
    assert set(kinds) == {("adhoc", None), ("ai_build", None)}
    assert _counts(kinds[("adhoc", None)]) == (1, 1, 0, 0, 0)
    assert kinds[("adhoc", None)].median_seconds_to_resolve == 900
    assert kinds[("adhoc", None)].helpful_rate == 1.0
    assert _counts(kinds[("ai_build", None)]) == (1, 0, 1, 0, 0)


async def test_customers_and_boards_come_from_the_ticket_snapshot(db, seeded):
    async with db.begin() as s:
        rows = await insights.outcome_counts(s, _period(seeded))
    customers, boards = _by(rows, "customer"), _by(rows, "board")
    assert {k: _counts(r) for (k, _), r in customers.items()} == {
        "Acme": (6, 3, 2, 0, 1),
        "Globex": (4, 1, 2, 1, 0),
        "Initech": (11, 5, 5, 1, 0),
    }
    acme = customers[("Acme", None)]
    assert acme.median_seconds_to_resolve == 900 and acme.p90_seconds_to_resolve == pytest.approx(1140)
    assert acme.helpful_yes == 2 and acme.helpful_answered == 3
    assert {k: r.walks for (k, _), r in boards.items()} == {"Service Desk": 7, "Projects": 1, None: 13}


async def test_technicians_are_named_by_slack_id_and_display_name(db, seeded):
    async with db.begin() as s:
        techs = _by(await insights.outcome_counts(s, _period(seeded)), "technician")
    assert {k: (r.label, r.walks, r.resolved, r.escalated) for (k, _), r in techs.items()} == {
        "U1": ("Ann", 17, 9, 6),
        "U2": ("Bob", 4, 0, 3),
    }


async def test_filters_by_flow_and_by_technician(db, seeded):
    async with db.begin() as s:
        only_printer = await insights.outcome_counts(s, _period(seeded, slug="printer"))
        only_bob = await insights.outcome_counts(s, _period(seeded, technician_user_id=seeded.user_ids["U2"]))
    assert set(_by(only_printer, "flow")) == {("printer", None)} and not _by(only_printer, "kind")
    bob = _by(only_bob, "flow")
    assert _counts(bob[("printer", None)]) == (3, 0, 2, 1, 0) and ("vpn", None) not in bob
    assert _counts(_by(only_bob, "kind")[("ai_build", None)]) == (1, 0, 1, 0, 0)


async def test_top_escalation_categories_per_flow_version_and_kind(db, seeded):
    async with db.begin() as s:
        rows = await insights.top_escalation_categories(s, _period(seeded))
    got = {}
    for r in rows:
        got.setdefault((r.slug, r.version), []).append((r.category, r.escalations))
    assert got == {
        ("printer", None): [("hardware_fault", 2), ("outside_l1_scope", 1)],
        ("printer", 1): [("hardware_fault", 2)],
        ("printer", 2): [("outside_l1_scope", 1)],
        ("vpn", None): [("other", 3), ("needs_admin_access", 2)],
        ("vpn", 1): [("other", 3), ("needs_admin_access", 2)],
        ("ai_build", None): [("other", 1)],
    }


async def test_node_reach_and_endings(db, seeded):
    async with db.begin() as s:
        nodes = (await insights.path_figures(s, _period(seeded))).nodes
    printer = {n.node_id: n for n in nodes if n.slug == "printer" and n.version is None}
    assert {k: (n.reached, n.resolved_here, n.escalated_here, n.abandoned_here) for k, n in printer.items()} == {
        "scope": (8, 0, 0, 0),
        "queue": (4, 1, 0, 0),
        "panel": (4, 0, 2, 1),
        "fixed": (2, 2, 0, 0),
        "esc": (1, 0, 1, 0),
    }
    v2 = {n.node_id: n.reached for n in nodes if n.slug == "printer" and n.version == 2}
    assert v2 == {"scope": 4, "queue": 2, "panel": 1, "fixed": 1}


async def test_the_drop_off_node_is_the_step_the_flow_was_seeded_to_fail_at(db, seeded):
    async with db.begin() as s:
        nodes = (await insights.path_figures(s, _period(seeded))).nodes
    drop_offs = {(n.slug, n.version): n.node_id for n in nodes if n.drop_off}
    # printer v2: no node reached by 3 walks ended badly, so no drop-off
    assert drop_offs == {
        ("printer", None): "panel",
        ("printer", 1): "panel",
        ("vpn", None): "node-b",
        ("vpn", 1): "node-b",
    }


async def test_drop_off_ties_go_to_the_higher_rate_and_need_three_walks(db, seeded):
    async with db.begin() as s:
        nodes = (await insights.path_figures(s, _period(seeded))).nodes
    vpn = {n.node_id: n for n in nodes if n.slug == "vpn" and n.version is None}
    # node-a: 2 bad endings of 6; node-b: 2 of 3 (wins the tie); node-c: 2 of 2 but reached by only 2 walks
    assert (vpn["node-a"].reached, vpn["node-a"].ended_badly) == (6, 2)
    assert (vpn["node-b"].reached, vpn["node-b"].ended_badly) == (3, 2)
    assert (vpn["node-c"].reached, vpn["node-c"].ended_badly) == (2, 2)
    assert [n for n, f in vpn.items() if f.drop_off] == ["node-b"]


async def test_walks_leaving_each_node_by_each_answer(db, seeded):
    async with db.begin() as s:
        answers = (await insights.path_figures(s, _period(seeded))).answers
    printer = {
        (a.node_id, a.option_id): (a.label, a.walks) for a in answers if a.slug == "printer" and a.version is None
    }
    assert printer == {
        ("scope", "one-user"): ("Only this user", 4),
        ("scope", "everyone"): ("Everyone", 3),
        ("queue", "done"): ("It worked", 2),
        ("queue", "failed"): ("Didn't work", 1),
        ("panel", "error"): ("An error", 1),
    }


async def test_notes_at_the_drop_off_step_are_those_written_there(db, seeded):
    async with db.begin() as s:
        notes = (await insights.path_figures(s, _period(seeded))).drop_off_notes
    # printer's drop-off is panel; vpn's is node-b, where nobody wrote a note
    assert {slug: [n.node_id for n in at] for slug, at in notes.items()} == {"printer": ["panel"] * 2, "vpn": []}
    assert sorted(n.text for n in notes["printer"]) == [
        "Needs someone on site",
        "Panel shows E05, admin password=hunter2",
    ]


async def test_recurring_adhoc_problems_without_a_flow_are_candidates(db):
    walks = [
        Walk(kind="adhoc", end="resolved", problem=f"Scanner jams on floor {i}", problem_category="peripherals")
        for i in range(2)
    ] + [
        Walk(
            kind="ai_build", end="escalated", category="other", problem="scanner jams", problem_category="peripherals"
        ),
        Walk(kind="adhoc", end="resolved", problem="printer queue stuck", problem_category="printer"),
        Walk(kind="adhoc", end="resolved", problem="printer offline", problem_category="printer"),
        Walk(kind="adhoc", end="abandoned", problem="printer jams", problem_category="printer"),
    ]
    async with db.begin() as s:
        seeded = await seed_walks(s, walks)
    async with db.begin() as s:
        groups = await insights.recurring_problems(s, _period(seeded))
    got = {(g.category, g.word): (g.walks, len(g.resolved_session_ids)) for g in groups}
    # "scanner" and "jam" recur among peripherals walks; "printer" walks are covered by the printer flow
    assert got == {("peripherals", "scanner"): (3, 2), ("peripherals", "jam"): (3, 2)}
    assert set(groups[0].resolved_session_ids) <= set(seeded.session_ids[:2])


async def _plan(s, sql: str, params: dict) -> str:
    return "\n".join(r[0] for r in await s.execute(text("EXPLAIN " + sql), params))


async def test_flow_search_uses_its_gin_index_on_a_large_library(db):
    async with db.begin() as s:
        seeded = await seed_walks(s, [])
        await s.execute(
            text(
                "INSERT INTO trees (id, account_id, slug, title, category, version, definition, fingerprint, published_at) "
                "SELECT gen_random_uuid(), :a, 'flow-' || i, 'Flow number ' || i, 'other', 1, "
                "jsonb_build_object('nodes', jsonb_build_array(jsonb_build_object('id', 'n', 'text', 'step ' || i))), "
                "'f' || i, now() FROM generate_series(1, 3000) AS i"
            ),
            {"a": seeded.account_id},
        )
        await s.execute(text("ANALYZE trees"))
        plan = await _plan(
            s,
            "SELECT slug FROM trees WHERE account_id = :a AND search_document @@ websearch_to_tsquery('english', 'spooler')",
            {"a": seeded.account_id},
        )
        found = await insights.search_flows(s, seeded.account_id, "print queue")
    assert "ix_trees_search_document" in plan
    assert [f.slug for f in found] == ["printer"]  # the keyword "print queue", stemmed; vpn never mentions it


async def test_a_period_report_reads_only_the_period_through_its_index(db, seeded):
    async with db.begin() as s:
        # a year of history across two accounts, so the planner has a choice to make
        await s.execute(
            text(
                "INSERT INTO l1_walk_sessions (id, account_id, created_by_user_id, ticket_id, ticket_kind, session_kind, "
                "status, started_at, last_step_at) "
                "SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN :a ELSE :other END, :u, i::text, 'psa', 'adhoc', "
                "'resolved', now() - (i % 365) * interval '1 day', now() FROM generate_series(1, 20000) AS i"
            ),
            {"a": seeded.account_id, "other": seeded.other_account_id, "u": seeded.user_ids["U1"]},
        )
        await s.execute(text("ANALYZE l1_walk_sessions"))
        period = _period(seeded)
        sql = insights._OUTCOMES.format(walks=insights._walks_cte(period))
        plan = await _plan(s, sql, insights._params(period))
    assert "ix_l1_walk_sessions_account_started" in plan
    assert "Seq Scan on l1_walk_sessions" not in plan
