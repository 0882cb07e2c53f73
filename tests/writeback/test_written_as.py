"""Writes made as the person who did the work: member found by Slack email and cached, admin links win,
no member means the API user with the note naming the technician; time entries exactly once through outages."""

from datetime import timedelta

from sqlalchemy import select, update

from bot.config.psa import PSASettings
from bot.psa.factory import build_psa_client
from bot.psa.models import TimeEntryWrite
from bot.psa.resolver import OnePSA
from bot.psa.writeback_settings import WritebackSettings
from bot.writeback.worker import deliver_due
from storage.models import PsaOutbox, User
from storage.queries import outbox, psa_members
from tests.fakes.psa_autotask import FakeAutotask
from tests.writeback.conftest import cw_client, finish_walk, make_due

TIME = WritebackSettings(time_entries=True, work_type="Remote Support")


async def set_email(db, email):
    async with db.begin() as s:
        await s.execute(update(User).where(User.slack_user_id == "U1").values(email=email))


async def the_user(db):
    async with db() as s:
        return await s.scalar(select(User).where(User.slack_user_id == "U1"))


async def test_the_note_is_written_as_the_member_found_by_the_technicians_slack_email(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    cw.members[31] = {"id": 31, "identifier": "jane", "primaryEmail": "jane@msp.example"}
    await finish_walk(db)
    await set_email(db, "jane@msp.example")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    (note,) = cw.posted_notes(123)
    assert note["member"] == {"id": 31, "identifier": "jane"} and not note["text"].startswith("Posted by walkbot")
    user = await the_user(db)
    assert (user.psa_member_id, user.psa_member_kind, user.psa_member_source) == ("31", "connectwise", "email")


async def test_the_member_is_looked_up_once_and_then_cached(db, cw, http):
    for number in (1, 2):
        cw.add_ticket(number, "Printer offline")
    cw.members[31] = {"id": 31, "identifier": "jane", "primaryEmail": "jane@msp.example"}
    await finish_walk(db, "1")
    await set_email(db, "jane@msp.example")
    await finish_walk(db, "2")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    assert len(cw.requests_to("GET", "/system/members")) == 1
    assert [n["member"]["id"] for t in (1, 2) for n in cw.posted_notes(t)] == [31, 31]


async def test_no_member_for_the_email_writes_as_the_api_user_and_the_note_names_the_technician(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    await set_email(db, "nobody@msp.example")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    (note,) = cw.posted_notes(123)
    assert note["member"] is None and note["text"].startswith("Posted by walkbot for Jane.\n")
    user = await the_user(db)
    assert user.psa_member_id is None and user.psa_member_checked_at is not None  # not asked again for a day


async def test_an_admin_link_wins_over_the_email_match(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    cw.members[31] = {"id": 31, "identifier": "jane", "primaryEmail": "jane@msp.example"}
    cw.members[32] = {"id": 32, "identifier": "jane2", "primaryEmail": "other@msp.example"}
    walk_id = await finish_walk(db)
    await set_email(db, "jane@msp.example")
    async with db.begin() as s:
        row = await s.scalar(select(PsaOutbox).where(PsaOutbox.session_id == walk_id))
        assert await psa_members.link(s, row.account_id, "U1", "connectwise", "32")
    await deliver_due(db, OnePSA(cw_client(cw, http)))
    (note,) = cw.posted_notes(123)
    assert note["member"]["id"] == 32 and cw.requests_to("GET", "/system/members") == []


async def test_a_psa_outage_during_the_time_entry_write_logs_it_once_when_the_psa_is_back(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db, writeback=TIME)
    client = OnePSA(cw_client(cw, http))
    cw.fail_next(503, path="/time/entries")
    report = await deliver_due(db, client)
    assert len(report.delivered) == 1 and len(report.retrying) == 1  # the note went, the time waits
    assert cw.time_entries == []
    await make_due(db)
    report = await deliver_due(db, client)
    assert len(report.delivered) == 1 and len(cw.time_entries) == 1
    assert len(cw.requests_to("GET", "/time/entries")) == 2  # the marker is looked for before each POST


async def test_a_worker_killed_after_logging_time_does_not_log_it_twice(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db, writeback=TIME)
    client = OnePSA(cw_client(cw, http))
    await deliver_due(db, client, batch=1)  # the note
    async with db.begin() as s:
        (write,) = await outbox.lease_due(s, lease=timedelta(minutes=2))
    assert write.kind == "time_entry"
    logged = await cw_client(cw, http).add_time_entry(write.ticket_id, TimeEntryWrite(**write.payload))
    await make_due(db)  # the worker died before marking; the lease runs out
    report = await deliver_due(db, client)
    assert len(report.delivered) == 1 and len(cw.time_entries) == 1
    async with db() as s:
        row = await s.scalar(select(PsaOutbox).where(PsaOutbox.kind == "time_entry"))
    assert row.status == "delivered" and row.external_id == logged


async def test_autotask_time_without_a_mapped_technician_parks_with_what_to_do(db, http):
    fake = await FakeAutotask().start()
    try:
        fake.add_ticket(123, "Printer offline")
        await finish_walk(db, psa_kind="autotask", writeback=WritebackSettings(time_entries=True, work_type="29682801"))
        client = OnePSA(build_psa_client(PSASettings.from_env(fake.env()), http))
        report = await deliver_due(db, client)
        assert len(report.delivered) == 1 and len(report.retrying) == 1
        async with db() as s:
            row = await s.scalar(select(PsaOutbox).where(PsaOutbox.kind == "time_entry"))
        assert "walkbot users link" in row.last_error and fake.time_entries == []
    finally:
        await fake.stop()


async def test_autotask_refusing_to_impersonate_the_linked_resource_still_delivers_the_note_naming_the_technician(
    db, http
):
    fake = await FakeAutotask().start()
    try:
        fake.add_ticket(123, "Printer offline")
        walk_id = await finish_walk(db, psa_kind="autotask")
        async with db.begin() as s:
            row = await s.scalar(select(PsaOutbox).where(PsaOutbox.session_id == walk_id))
            assert await psa_members.link(s, row.account_id, "U1", "autotask", "404")  # no such resource
        report = await deliver_due(db, OnePSA(build_psa_client(PSASettings.from_env(fake.env()), http)))
        assert len(report.delivered) == 1
        (note,) = fake.notes_on(123)
        assert note["creatorResourceID"] is None and note["description"].startswith("Posted by walkbot for Jane.\n")
        assert note["publish"] == 2
    finally:
        await fake.stop()
