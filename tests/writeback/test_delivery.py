"""The outbox worker against a fake ConnectWise: outages delay the note, never lose or duplicate it."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.psa.models import NoteWrite
from bot.psa.resolver import OnePSA
from bot.writeback.worker import RetryPolicy, deliver_due
from storage.models import PsaOutbox
from storage.queries import outbox
from tests.writeback.conftest import cw_client, finish_walk, make_due


async def the_row(db, **where):
    async with db() as s:
        rows = list(await s.scalars(select(PsaOutbox).filter_by(**where).order_by(PsaOutbox.id)))
    assert len(rows) == 1
    return rows[0]


def seconds_until(when):
    return (when - datetime.now(UTC)).total_seconds()


async def test_a_due_note_is_delivered_once_and_marked_with_the_psa_note_id(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    report = await deliver_due(db, OnePSA(cw_client(cw, http)))
    row = await the_row(db)
    (note,) = cw.posted_notes(123)
    assert report.delivered == [row.id] and row.status == "delivered" and row.external_id == str(note["id"])
    assert note["internalAnalysisFlag"] and not note["resolutionFlag"] and not note["detailDescriptionFlag"]
    assert note["processNotifications"] is False and cw.customer_emails == []
    assert note["text"].startswith("Posted by walkbot for Jane.\n") and note["member"] is None
    assert (await deliver_due(db, OnePSA(cw_client(cw, http)))).delivered == []


async def test_psa_down_backs_off_exponentially_then_delivers_exactly_once_when_it_is_back(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    client = cw_client(cw, http)
    await cw.go_down()
    first = await deliver_due(db, OnePSA(client))
    row = await the_row(db)
    assert first.retrying == [row.id] and row.status == "pending" and row.attempts == 1
    assert "ConnectWise is unreachable" in row.last_error
    assert 3 < seconds_until(row.next_attempt_at) <= 5.5
    assert (await deliver_due(db, OnePSA(client))).retrying == []  # not due yet: backing off

    await make_due(db)
    await deliver_due(db, OnePSA(client))
    assert 8 < seconds_until((await the_row(db)).next_attempt_at) <= 10.5  # doubled

    await cw.come_back()
    await make_due(db)
    report = await deliver_due(db, OnePSA(client))
    row = await the_row(db)
    assert report.delivered == [row.id] and row.status == "delivered"
    assert len(cw.posted_notes(123)) == 1
    assert len(cw.requests_to("POST", "/notes")) == 1


async def test_a_long_rate_limit_waits_as_long_as_the_psa_asks(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    cw.fail_next(429, retry_after="120", path="/notes")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    assert 115 < seconds_until((await the_row(db)).next_attempt_at) <= 121


async def test_after_max_attempts_the_write_is_parked_and_reported(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    walk_id = await finish_walk(db)
    parked = []

    async def on_parked(write, message):
        parked.append((write.session_id, write.ticket_id, message))

    client = cw_client(cw, http)
    policy = RetryPolicy(max_attempts=2)
    cw.fail_next(500, times=2)
    await deliver_due(db, OnePSA(client), policy, on_parked=on_parked)
    assert parked == []
    await make_due(db)
    report = await deliver_due(db, OnePSA(client), policy, on_parked=on_parked)
    row = await the_row(db)
    assert report.parked == [row.id] and row.status == "parked"
    assert parked == [(walk_id, "123", "ConnectWise answered 500 (injected 500); try again in a few minutes")]
    await make_due(db)
    assert (await deliver_due(db, OnePSA(client), policy)).delivered == []  # parked rows wait for a human

    async with db.begin() as s:
        assert await outbox.retry(s, [row.id]) == 1
    report = await deliver_due(db, OnePSA(client), policy)
    assert report.delivered == [row.id] and len(cw.posted_notes(123)) == 1


async def test_a_row_for_another_psa_kind_is_not_sent_to_this_one(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db, psa_kind="halo")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    row = await the_row(db)
    assert row.status == "pending" and "no halo client is configured" in row.last_error
    assert cw.requests == []


async def test_two_workers_at_once_never_deliver_the_same_row_twice(db, cw, http):
    for number in range(1, 13):
        cw.add_ticket(number, f"Ticket {number}")
        await finish_walk(db, str(number))
    cw.hold_posts = 2  # the first note waits until the other worker has posted too
    client = cw_client(cw, http)
    a, b = await asyncio.gather(deliver_due(db, OnePSA(client), batch=6), deliver_due(db, OnePSA(client), batch=6))
    assert a.delivered and b.delivered and not set(a.delivered) & set(b.delivered)
    assert len(a.delivered) + len(b.delivered) == 12
    assert [len(cw.posted_notes(n)) for n in range(1, 13)] == [1] * 12


async def test_a_worker_killed_between_send_and_mark_does_not_post_the_note_twice(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    client = cw_client(cw, http)
    # The killed worker: lease, post, die before marking.
    async with db.begin() as s:
        (write,) = await outbox.lease_due(s, lease=timedelta(minutes=2))
    sent = await client.add_note(write.ticket_id, NoteWrite(**write.payload))
    assert (await deliver_due(db, OnePSA(client))).delivered == []  # still leased
    await make_due(db)  # the lease runs out
    report = await deliver_due(db, OnePSA(client))
    row = await the_row(db)
    assert report.delivered == [row.id] and row.external_id == sent.note_id
    assert len(cw.posted_notes(123)) == 1
    assert len(cw.requests_to("POST", "/notes")) == 1


async def test_the_status_write_patches_the_ticket(db, cw, http):
    cw.add_ticket(123, "Printer offline", status="New")
    await finish_walk(db, status_on_resolve="Completed")
    report = await deliver_due(db, OnePSA(cw_client(cw, http)))
    assert len(report.delivered) == 2
    assert cw.tickets[123]["status"]["name"] == "Completed"
    assert (await the_row(db, kind="status")).status == "delivered"


async def test_a_write_in_flight_longer_than_its_lease_is_kept_by_the_heartbeat(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    cw.delay = 1.5  # the POST alone lasts five leases
    lease = timedelta(seconds=0.3)
    delivering = asyncio.create_task(deliver_due(db, OnePSA(cw_client(cw, http)), RetryPolicy(lease=lease)))
    for _ in range(200):
        if cw.requests_to("POST", "/notes"):
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.9)  # three leases into the POST

    async with db.begin() as s:
        taken_by_another_worker = await outbox.lease_due(s, lease=lease)
    report = await delivering

    assert taken_by_another_worker == []  # renewed while in flight, so no other worker could take it
    assert len(report.delivered) == 1 and report.lost == []
    assert len(cw.posted_notes(123)) == 1
