"""Autotask: zone discovery once, tickets with picklist labels, notes with configured picklist integers."""

import json

import pytest

from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.models import Assignment, NoteWrite, TimeEntryWrite, ticket_label
from tests.psa.conftest import client_for


def printer_ticket(autotask):
    autotask.add_ticket(
        42,
        "Printer offline",
        description="Front desk printer shows offline",
        companyID=7,
        contactID=9,
        queueID=5,
        issueType=11,
        subIssueType=21,
        priority=2,
        status=1,
    )


async def test_a_ticket_reads_with_picklist_labels_company_and_contact(autotask, http):
    printer_ticket(autotask)
    ticket = await client_for(autotask, http).get_ticket("42")
    assert (ticket.id, ticket.psa_label, ticket.summary) == ("42", "Autotask", "Printer offline")
    assert ticket.description == "Front desk printer shows offline"
    assert (ticket.board, ticket.type, ticket.subtype) == ("Help Desk", "Hardware", "Printer")
    assert (ticket.priority, ticket.status) == ("Medium", "New")
    assert (ticket.company, ticket.contact) == ("Acme Dental", "Dana Ortiz")
    assert ticket.url == f"{autotask.url}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=42"


async def test_a_ticket_number_as_shown_in_the_ui_finds_the_ticket(autotask, http):
    printer_ticket(autotask)
    ticket = await client_for(autotask, http).get_ticket("T20260101.0042")
    assert ticket.id == "42"


async def test_cards_label_an_autotask_ticket_by_its_t_number_and_write_back_by_its_id(autotask, http):
    printer_ticket(autotask)
    ticket = await client_for(autotask, http).get_ticket("42")
    assert (ticket.id, ticket.number) == ("42", "T20260101.0042")
    assert ticket_label(ticket) == "Autotask T20260101.0042 · Printer offline"


async def test_html_in_an_autotask_description_reads_as_lines(autotask, http):
    autotask.add_ticket(43, "Mail", description="<div>Outlook asks<br>for a password</div><style>p{}</style>")
    assert (await client_for(autotask, http).get_ticket("43")).description == "Outlook asks\nfor a password"


async def test_the_zone_is_discovered_once_and_every_api_call_carries_the_three_headers(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    await client.get_ticket("42")
    await client.add_note("42", NoteWrite(text="n"))
    await client.get_ticket("42")
    assert autotask.zone_lookups == 1
    assert autotask.requests_to("GET", "zoneInformation")[0].query == {"user": autotask.username}
    for request in autotask.requests:
        if "/ATServicesRest/V1.0/" in request.path:
            assert request.headers["ApiIntegrationCode"] == autotask.integration_code
            assert request.headers["UserName"] == autotask.username
            assert request.headers["Secret"] == autotask.secret
    assert len(autotask.requests_to("GET", "entityInformation")) == 1  # picklists cached too


async def test_an_unknown_ticket_is_not_found(autotask, http):
    with pytest.raises(TicketNotFound, match="^ticket 404 was not found in Autotask$"):
        await client_for(autotask, http).get_ticket("404")


async def test_rejected_credentials_name_the_variables(autotask, http):
    printer_ticket(autotask)
    with pytest.raises(PSAAuthError, match="Autotask rejected walkbot's API credentials: check AT_USERNAME"):
        await client_for(autotask, http, AT_SECRET="nope").get_ticket("42")


async def test_an_unknown_api_user_fails_zone_discovery_with_a_hint(autotask, http):
    with pytest.raises(PSAAuthError, match="AT_USERNAME"):
        await client_for(autotask, http, AT_USERNAME="someone@else").get_ticket("42")


async def test_timeout_and_rate_limit(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    autotask.fail_next(429, retry_after="0", path="/Tickets/42")
    assert (await client.get_ticket("42")).id == "42"
    autotask.fail_next(429, retry_after="60", path="/Tickets/42")
    with pytest.raises(PSARateLimited):
        await client.get_ticket("42")
    impatient = client_for(autotask, http, PSA_TIMEOUT_SECONDS="0.2")  # short only where the timeout is the point
    autotask.delay = 2.0
    with pytest.raises(PSAUnavailable):
        await impatient.get_ticket("42")


async def test_a_note_posts_title_description_and_configured_picklist_integers(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http, AT_NOTE_TYPE="3")
    receipt = await client.add_note("42", NoteWrite(text="walked\n[walkbot:k]", title="walkbot: resolved"))
    body = autotask.requests_to("POST", "/Tickets/42/Notes")[0].body
    assert body == {
        "ticketID": 42,
        "title": "walkbot: resolved",
        "description": "walked\n[walkbot:k]",
        "noteType": 3,
        "publish": 2,
    }
    assert receipt.note_id == str(autotask.notes_on(42)[0]["id"])


async def test_find_note_queries_ticket_notes_for_the_marker(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    posted = await client.add_note("42", NoteWrite(text="x\n[walkbot:s1:resolved]"))
    assert (await client.find_note("42", "s1:resolved")).note_id == posted.note_id
    assert await client.find_note("42", "s2:resolved") is None
    search = json.loads(autotask.requests_to("GET", "TicketNotes/query")[0].query["search"])
    assert {"op": "eq", "field": "ticketID", "value": 42} in search["filter"]


async def test_status_on_resolve_is_a_patch_with_the_status_number(autotask, http):
    printer_ticket(autotask)
    await client_for(autotask, http).set_status("42", "5")
    assert autotask.tickets[42]["status"] == 5


async def test_resolving_to_complete_fills_the_resolution_as_the_technician(autotask, http):
    printer_ticket(autotask)
    dana(autotask)
    await client_for(autotask, http).set_status("42", "5", as_member="29", resolution="Replaced toner")
    assert (autotask.tickets[42]["status"], autotask.tickets[42]["resolution"]) == (5, "Replaced toner")
    assert autotask.tickets[42]["lastActivityResourceID"] == 29


async def test_a_status_outside_the_picklist_is_reported_before_any_write(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    assert await client.check_status("5") is None
    assert (
        await client.check_status("77")
        == "Autotask has no ticket status 77; its statuses are 1 (New), 5 (Complete), 8 (In Progress), 11 (Escalated)"
    )
    with pytest.raises(PSAError, match="no ticket status 77.*walkbot accounts writeback"):
        await client.set_status("42", "77")
    assert autotask.requests_to("PATCH", "/Tickets") == []


def dana(autotask, **extra):
    autotask.resources[29] = {"id": 29, "email": "dana@msp.example", "defaultServiceDeskRoleID": 8, **extra}
    autotask.resource_roles += [{"resourceID": 29, "roleID": 7}, {"resourceID": 29, "roleID": 8}]


async def test_a_resource_is_found_by_email(autotask, http):
    dana(autotask)
    autotask.resources[30] = {"id": 30, "email": "gone@msp.example", "isActive": False}
    client = client_for(autotask, http)
    assert await client.find_member("Dana@msp.example") == "29"
    assert await client.find_member("gone@msp.example") is None


async def test_pick_up_sets_resource_and_its_active_role_together(autotask, http):
    printer_ticket(autotask)
    dana(autotask)
    await client_for(autotask, http).assign("42", Assignment(member_id="29", status="1"))
    ticket = autotask.tickets[42]
    assert (ticket["assignedResourceID"], ticket["assignedResourceRoleID"], ticket["status"]) == (29, 8, 1)


async def test_an_inactive_default_role_falls_back_to_another_active_role(autotask, http):
    printer_ticket(autotask)
    dana(autotask)
    autotask.resource_roles[1]["isActive"] = False
    await client_for(autotask, http).assign("42", Assignment(member_id="29", status=None))
    assert autotask.tickets[42]["assignedResourceRoleID"] == 7


async def test_the_fake_refuses_a_resource_without_its_role(autotask, http):
    printer_ticket(autotask)
    dana(autotask)
    with pytest.raises(PSAError, match="set together"):
        await client_for(autotask, http)._call("PATCH", "Tickets", "42", json_body={"id": 42, "assignedResourceID": 29})


def walk_time(**kw):
    fields = {
        "started_at": "2026-03-11T10:00:00+00:00",
        "ended_at": "2026-03-11T10:45:00+00:00",
        "notes": "walkbot walk\n[walkbot:s:resolved:time]",
        "work_type": "29682801",
        "member_id": "29",
        "author_name": "Dana",
    }
    return TimeEntryWrite(**{**fields, **kw})


async def test_a_time_entry_has_every_required_field_and_bills_the_tickets_contract(autotask, http):
    printer_ticket(autotask)
    autotask.tickets[42]["contractID"] = 300
    dana(autotask)
    client = client_for(autotask, http)
    entry_id = await client.add_time_entry("42", walk_time(billable=True))
    (entry,) = autotask.time_entries
    assert entry_id == str(entry["id"]) and entry["creatorResourceID"] == 29
    assert (entry["resourceID"], entry["roleID"], entry["hoursWorked"]) == (29, 8, 0.75)
    assert (entry["startDateTime"], entry["endDateTime"]) == ("2026-03-11T10:00:00Z", "2026-03-11T10:45:00Z")
    assert entry["dateWorked"] == "2026-03-11T00:00:00Z" and entry["billingCodeID"] == 29682801
    assert entry["isNonBillable"] is False and entry["contractID"] == 300
    assert await client.find_time_entry("42", "s:resolved:time") == entry_id


async def test_time_without_a_resource_or_work_type_says_what_to_set(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    with pytest.raises(PSAError, match="walkbot users link"):
        await client.add_time_entry("42", walk_time(member_id=None))
    with pytest.raises(PSAError, match="work type"):
        await client.add_time_entry("42", walk_time(work_type=None))
    assert autotask.time_entries == []


async def test_the_fake_refuses_time_without_required_fields_or_with_an_inactive_role(autotask, http):
    printer_ticket(autotask)
    dana(autotask)
    client = client_for(autotask, http)
    with pytest.raises(PSAError, match="missing"):
        await client._call("POST", "TimeEntries", "42", json_body={"ticketID": 42, "resourceID": 29})
    autotask.violations.clear()
    for role in autotask.resource_roles:
        role["isActive"] = False
    with pytest.raises(PSAError, match="no active role"):
        await client.add_time_entry("42", walk_time())


async def test_an_internal_note_is_published_internal_only_and_a_public_one_to_all_users(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    await client.add_note("42", NoteWrite(text="walk log"))
    await client.add_note("42", NoteWrite(text="for the customer", internal=False))
    assert [n["publish"] for n in autotask.notes_on(42)] == [2, 1]


async def test_an_over_long_note_is_capped_at_32000_with_the_marker_kept(autotask, http):
    printer_ticket(autotask)
    text = "head\n" + "x" * 40000 + "\n[walkbot:k]"
    await client_for(autotask, http).add_note("42", NoteWrite(text=text))
    (note,) = autotask.notes_on(42)
    assert len(note["description"]) == 32000 and note["description"].startswith("head")
    assert note["description"].endswith("… (truncated, full walk in walkbot)\n[walkbot:k]")


async def test_the_fake_refuses_a_note_over_32000_characters(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http)
    with pytest.raises(PSAError, match="longer than 32000"):
        await client._call(
            "POST", "Tickets/42/Notes", "42", json_body={"description": "x" * 32001, "noteType": 1, "publish": 2}
        )
    autotask.violations.clear()


async def test_a_note_is_written_as_the_technicians_resource(autotask, http):
    printer_ticket(autotask)
    autotask.resources[29] = {"id": 29, "email": "dana@msp.example", "isActive": True}
    receipt = await client_for(autotask, http).add_note("42", NoteWrite(text="log", member_id="29", author_name="Dana"))
    assert receipt.as_member
    assert autotask.requests_to("POST", "/Notes")[0].headers["ImpersonationResourceId"] == "29"
    assert autotask.notes_on(42)[0]["creatorResourceID"] == 29 and autotask.notes_on(42)[0]["description"] == "log"


async def test_when_impersonation_is_refused_the_note_is_written_as_the_api_user_and_says_who(autotask, http):
    printer_ticket(autotask)
    autotask.resources[29] = {"id": 29, "email": "dana@msp.example", "isActive": True}
    autotask.can_impersonate = False
    receipt = await client_for(autotask, http).add_note("42", NoteWrite(text="log", member_id="29", author_name="Dana"))
    (note,) = autotask.notes_on(42)
    assert not receipt.as_member and note["creatorResourceID"] is None
    assert note["description"] == "Posted by walkbot for Dana.\nlog"


async def test_impersonating_an_unknown_resource_is_refused_then_written_as_the_api_user(autotask, http):
    printer_ticket(autotask)
    receipt = await client_for(autotask, http).add_note(
        "42", NoteWrite(text="log", member_id="404", author_name="Dana")
    )
    assert not receipt.as_member and autotask.notes_on(42)[0]["description"].startswith("Posted by walkbot for Dana.")
    (refused,) = [r for r in autotask.requests_to("POST", "/Notes") if "ImpersonationResourceId" in r.headers]
    assert refused.headers["ImpersonationResourceId"] == "404"
