"""Autotask: zone discovery once, tickets with picklist labels, notes with configured picklist integers."""

import json

import pytest

from bot.psa.autotask import fit
from bot.psa.errors import PSAAuthError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.models import NoteWrite
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
    client = client_for(autotask, http, PSA_TIMEOUT_SECONDS="0.2")
    autotask.fail_next(429, retry_after="0", path="/Tickets/42")
    assert (await client.get_ticket("42")).id == "42"
    autotask.fail_next(429, retry_after="60", path="/Tickets/42")
    with pytest.raises(PSARateLimited):
        await client.get_ticket("42")
    autotask.delay = 1.0
    with pytest.raises(PSAUnavailable):
        await client.get_ticket("42")


async def test_a_note_posts_title_description_and_configured_picklist_integers(autotask, http):
    printer_ticket(autotask)
    client = client_for(autotask, http, AT_NOTE_TYPE="3", AT_NOTE_PUBLISH="2")
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


def test_an_over_long_note_is_cut_in_the_middle_keeping_its_marker():
    text = "head\n" + "x" * 40000 + "\n[walkbot:k]"
    cut = fit(text, 32000)
    assert len(cut) <= 32000 and cut.startswith("head") and cut.endswith("\n[walkbot:k]")
