"""ConnectWise: ticket lookup with the description from its first note, notes, status, and every failure mode."""

import base64

import pytest

from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.models import Assignment, NoteWrite, TimeEntryWrite
from tests.psa.conftest import client_for


def printer_ticket(cw):
    cw.add_ticket(
        123,
        "Printer offline on 2nd floor",
        description="HP LaserJet shows offline since Monday",
        board="Help Desk",
        type="Hardware",
        subType="Printer",
        priority="Priority 2 - High",
        status="New",
        company="Acme Dental",
        contact="Dana Ortiz",
    )


async def test_a_ticket_reads_as_one_model_with_its_initial_description(cw, http):
    printer_ticket(cw)
    ticket = await client_for(cw, http).get_ticket("123")
    assert (ticket.id, ticket.kind, ticket.psa, ticket.psa_label) == ("123", "psa", "connectwise", "ConnectWise")
    assert ticket.summary == "Printer offline on 2nd floor"
    assert ticket.description == "HP LaserJet shows offline since Monday"
    assert (ticket.board, ticket.type, ticket.subtype) == ("Help Desk", "Hardware", "Printer")
    assert (ticket.company, ticket.contact, ticket.priority, ticket.status) == (
        "Acme Dental",
        "Dana Ortiz",
        "Priority 2 - High",
        "New",
    )
    assert ticket.url.endswith("ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=123")


async def test_every_call_carries_basic_company_plus_public_key_and_client_id(cw, http):
    printer_ticket(cw)
    await client_for(cw, http).get_ticket("123")
    for request in cw.requests:
        assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"acme+pubkey:privkey").decode()
        assert request.headers["clientId"] == cw.client_id


async def test_the_vendor_json_content_type_is_parsed(cw, http):
    printer_ticket(cw)
    assert cw.content_type.startswith("application/vnd.connectwise.com+json")
    assert (await client_for(cw, http).get_ticket("123")).summary == "Printer offline on 2nd floor"


async def test_an_unknown_ticket_says_so_in_words_a_technician_understands(cw, http):
    with pytest.raises(TicketNotFound, match="^ticket 999 was not found in ConnectWise$"):
        await client_for(cw, http).get_ticket("999")


async def test_a_ticket_number_that_is_not_digits_never_reaches_the_url(cw, http):
    with pytest.raises(TicketNotFound):
        await client_for(cw, http).get_ticket("../system/members")
    assert cw.requests == []


async def test_rejected_credentials_name_the_variables_and_no_secret(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http, CW_PRIVATE_KEY="wrong-private")
    with pytest.raises(PSAAuthError) as caught:
        await client.get_ticket("123")
    assert "ConnectWise rejected walkbot's API credentials: check CW_COMPANY" in str(caught.value)
    assert "wrong-private" not in str(caught.value) and "pubkey" not in str(caught.value)


async def test_a_slow_psa_times_out_as_unavailable(cw, http):
    printer_ticket(cw)
    cw.delay = 1.0
    with pytest.raises(PSAUnavailable, match="did not answer within 0.2 s"):
        await client_for(cw, http, PSA_TIMEOUT_SECONDS="0.2").get_ticket("123")


async def test_a_5xx_is_unavailable(cw, http):
    printer_ticket(cw)
    cw.fail_next(503)
    with pytest.raises(PSAUnavailable, match="ConnectWise answered 503"):
        await client_for(cw, http).get_ticket("123")


async def test_a_short_429_is_waited_out_inside_the_call(cw, http):
    printer_ticket(cw)
    cw.fail_next(429, retry_after="0")
    ticket = await client_for(cw, http).get_ticket("123")
    assert ticket.id == "123"
    assert len(cw.requests_to("GET", "/service/tickets/123")) == 3  # 429, ticket, notes


async def test_a_long_429_is_raised_with_its_retry_after(cw, http):
    printer_ticket(cw)
    cw.fail_next(429, retry_after="120")
    with pytest.raises(PSARateLimited) as caught:
        await client_for(cw, http).get_ticket("123")
    assert caught.value.retry_after == 120


async def test_an_internal_note_posts_text_with_the_internal_analysis_flag(cw, http):
    printer_ticket(cw)
    receipt = await client_for(cw, http).add_note("123", NoteWrite(text="walk note\n[walkbot:k1]"))
    (note,) = cw.posted_notes(123)
    assert receipt.note_id == str(note["id"])
    body = cw.requests_to("POST", "/notes")[0].body
    assert body == {
        "text": "walk note\n[walkbot:k1]",
        "detailDescriptionFlag": False,
        "internalAnalysisFlag": True,
        "resolutionFlag": False,
        "processNotifications": False,
    }


async def test_resolution_text_goes_to_the_resolution_section_only_and_notifies_no_one(cw, http):
    printer_ticket(cw)
    await client_for(cw, http).add_note("123", NoteWrite(text="Replaced toner", internal=False, resolution=True))
    (note,) = cw.posted_notes(123)
    assert (note["resolutionFlag"], note["internalAnalysisFlag"], note["detailDescriptionFlag"]) == (True, False, False)
    assert note["processNotifications"] is False


async def test_a_note_is_written_as_the_technicians_member(cw, http):
    printer_ticket(cw)
    cw.members[31] = {"id": 31, "identifier": "dortiz", "primaryEmail": "dana@msp.example"}
    receipt = await client_for(cw, http).add_note("123", NoteWrite(text="log", member_id="31"))
    (note,) = cw.posted_notes(123)
    assert receipt.as_member and note["member"] == {"id": 31, "identifier": "dortiz"}


async def test_an_over_long_note_is_capped_and_the_fake_refuses_longer(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http)
    await client.add_note("123", NoteWrite(text="x" * 50000 + "\n[walkbot:k]"))
    (note,) = cw.posted_notes(123)
    assert len(note["text"]) == 32000 and note["text"].endswith("(truncated, full walk in walkbot)\n[walkbot:k]")
    body = {"text": "x" * 32001, "internalAnalysisFlag": True}
    with pytest.raises(PSAError, match="longer than 32000"):
        await client._call("POST", "/service/tickets/123/notes", "123", json_body=body)
    cw.violations.clear()


async def test_find_note_finds_the_marker_and_only_the_marker(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http)
    posted = await client.add_note("123", NoteWrite(text="done\n[walkbot:abc:resolved]"))
    assert (await client.find_note("123", "abc:resolved")).note_id == posted.note_id
    assert await client.find_note("123", "abc:escalated") is None


async def test_a_status_is_set_by_its_id_on_the_tickets_own_board(cw, http):
    printer_ticket(cw)
    await client_for(cw, http).set_status("123", "Completed")
    assert cw.requests_to("PATCH", "/service/tickets/123")[0].body == [
        {"op": "replace", "path": "status", "value": {"id": 14}}
    ]
    assert cw.tickets[123]["status"] == {"id": 14, "name": "Completed"}


async def test_a_status_the_tickets_board_lacks_is_refused_with_what_to_fix(cw, http):
    cw.add_ticket(200, "Migrate server", board="Projects", status="New")
    with pytest.raises(PSAError, match="board Projects has no status 'Escalated'.*walkbot accounts writeback"):
        await client_for(cw, http).set_status("200", "Escalated")
    assert cw.tickets[200]["status"]["name"] == "New"


async def test_the_fake_refuses_a_status_from_another_board(cw, http):
    cw.add_ticket(200, "Migrate server", board="Projects", status="New")
    patch = [{"op": "replace", "path": "status", "value": {"id": 12}}]
    with pytest.raises(PSAError, match="Status not found on the ticket's board"):
        await client_for(cw, http)._call("PATCH", "/service/tickets/200", "200", json_body=patch)


async def test_a_status_is_checked_against_every_board(cw, http):
    client = client_for(cw, http)
    assert await client.check_status("Completed") is None
    assert await client.check_status("Escalated") == (
        "status 'Escalated' is missing on board(s) Projects; tickets there can't be moved to it"
    )
    assert await client.check_status("Escalatd") == "no ConnectWise board has a status named 'Escalatd'"


async def test_pick_up_makes_the_engineer_the_owner_and_moves_the_status_in_one_patch(cw, http):
    printer_ticket(cw)
    cw.members[40] = {"id": 40, "identifier": "eng", "primaryEmail": "eng@msp.example"}
    await client_for(cw, http).assign("123", Assignment(member_id="40", status="In Progress"))
    (patch,) = cw.requests_to("PATCH", "/service/tickets/123")
    assert [op["path"] for op in patch.body] == ["owner", "status"]
    assert cw.tickets[123]["owner"] == {"id": 40, "identifier": "eng"}
    assert cw.tickets[123]["status"]["name"] == "In Progress"


async def test_a_member_is_found_by_primary_email_ignoring_case_and_inactive_members(cw, http):
    cw.members[31] = {"id": 31, "identifier": "dortiz", "primaryEmail": "Dana@MSP.example"}
    cw.members[32] = {"id": 32, "identifier": "old", "primaryEmail": "old@msp.example", "inactiveFlag": True}
    client = client_for(cw, http)
    assert await client.find_member("dana@msp.example") == "31"
    assert await client.find_member("old@msp.example") is None


async def test_resolution_text_is_posted_once_even_when_retried(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http)
    first = await client.add_resolution("123", NoteWrite(text="Replaced toner", resolution=True, internal=False))
    again = await client.add_resolution("123", NoteWrite(text="Replaced toner", resolution=True, internal=False))
    assert first.note_id == again.note_id and len(cw.posted_notes(123)) == 1


def walk_time(**kw):
    fields = {
        "started_at": "2026-03-11T10:00:00+00:00",
        "ended_at": "2026-03-11T10:30:00+00:00",
        "notes": "walkbot walk\n[walkbot:s:resolved:time]",
    }
    return TimeEntryWrite(**{**fields, **kw})


async def test_a_time_entry_is_charged_to_the_ticket_as_the_member_without_emailing_anyone(cw, http):
    printer_ticket(cw)
    cw.members[31] = {"id": 31, "identifier": "dortiz", "primaryEmail": "dana@msp.example"}
    cw.tickets[123]["agreement"] = {"id": 501, "name": "Managed Services"}
    client = client_for(cw, http)
    entry_id = await client.add_time_entry("123", walk_time(member_id="31", billable=True, work_type="Remote Support"))
    (entry,) = cw.time_entries
    assert entry_id == str(entry["id"])
    assert (entry["chargeToType"], entry["chargeToId"], entry["member"]) == ("ServiceTicket", 123, {"id": 31})
    assert (entry["timeStart"], entry["timeEnd"]) == ("2026-03-11T10:00:00Z", "2026-03-11T10:30:00Z")
    assert entry["billableOption"] == "Billable" and entry["agreement"] == {"id": 501}
    assert entry["workType"] == {"name": "Remote Support"}
    assert cw.customer_emails == [] and cw.posted_notes(123) == []
    assert await client.find_time_entry("123", "s:resolved:time") == entry_id
    assert await client.find_time_entry("123", "s:escalated:time") is None


async def test_non_billable_time_is_not_charged_to_the_agreement(cw, http):
    printer_ticket(cw)
    cw.tickets[123]["agreement"] = {"id": 501, "name": "Managed Services"}
    await client_for(cw, http).add_time_entry("123", walk_time())
    (entry,) = cw.time_entries
    assert entry["billableOption"] == "DoNotBill" and "agreement" not in entry


async def test_the_fake_refuses_a_time_entry_without_its_required_fields_or_with_an_unknown_work_type(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http)
    with pytest.raises(PSAError, match="missing"):
        await client._call("POST", "/time/entries", "123", json_body={"chargeToId": 123})
    with pytest.raises(PSAError, match="work type 'Nope' not found"):
        await client.add_time_entry("123", walk_time(work_type="Nope"))
    cw.violations.clear()


async def test_a_psa_that_is_down_is_unavailable(cw, http):
    printer_ticket(cw)
    await cw.go_down()
    with pytest.raises(PSAUnavailable, match="ConnectWise is unreachable"):
        await client_for(cw, http).get_ticket("123")
    await cw.come_back()
    assert (await client_for(cw, http).get_ticket("123")).id == "123"
