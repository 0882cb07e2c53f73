"""bench/statement_cost.py: what a request's SQL reads, replayed under EXPLAIN (ANALYZE, BUFFERS) and rolled back."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from bench.statement_cost import Cost, PathCost, StatementRecorder, grows, record_path, replay
from bench.statement_cost import report as report_statements


async def test_a_recorded_requests_statements_are_replayed_with_their_reads_and_leave_the_database_as_it_was(
    database_url, db_engine, db
):
    recorder = StatementRecorder(db_engine)
    account = uuid.uuid4()

    async def request() -> None:
        async with recorder.request(), db_engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO accounts (id, slack_team_id, created_at) VALUES (:id, 'T_COST', now())"),
                {"id": account},
            )
            await conn.execute(text("UPDATE accounts SET name = 'Acme' WHERE id = :id"), {"id": account})
            await conn.execute(text("SELECT name FROM accounts WHERE slack_team_id = 'T_COST'"))

    async with db_engine.begin() as conn:  # sent outside a recorded request: not recorded
        await conn.execute(text("SELECT 1"))
    try:
        sent = await record_path(recorder, request)
    finally:
        recorder.close()

    assert [s.sql.split()[0] for s in sent] == ["INSERT", "UPDATE", "SELECT"]
    async with db_engine.begin() as conn:  # changed since the request: the replayed UPDATE must not undo this
        await conn.execute(text("UPDATE accounts SET name = 'Changed since' WHERE id = :id"), {"id": account})
    cost = await replay(database_url, sent)

    insert, update, select = cost.statements.values()
    assert insert.failed == "UniqueViolation"  # the request's own row holds the key
    assert (update.calls, update.rows) == (1, 1) and update.buffers > 0 and not update.failed
    assert select.rows == 1 and select.buffers > 0 and "Scan" in select.plan["Node Type"]
    async with db_engine.connect() as conn:
        name = (await conn.execute(text("SELECT name FROM accounts WHERE id = :id"), {"id": account})).scalar()
    assert name == "Changed since"


def test_a_statement_is_flagged_when_it_examines_many_more_rows_or_touches_many_more_pages(capsys):
    few, deeper, scan, pages = Cost("q", 1, 6, 1), Cost("q", 1, 30, 1), Cost("q", 1, 40, 2_000), Cost("q", 1, 300, 1)
    assert not grows(few, deeper)  # a write a level deeper in each index: logarithmic
    assert grows(few, scan) and grows(few, pages)
    flagged = report_statements({"path": PathCost({"q": few})}, {"path": PathCost({"q": scan})}, 1_000_000)
    assert flagged == ["path"] and "READS MORE" in capsys.readouterr().out
