"""ConnectWise: ticket lookup with the description from its first note, notes, status, and every failure mode."""

import base64

import pytest

from bot.psa.errors import PSAAuthError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.models import NoteWrite
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
    }


async def test_find_note_finds_the_marker_and_only_the_marker(cw, http):
    printer_ticket(cw)
    client = client_for(cw, http)
    posted = await client.add_note("123", NoteWrite(text="done\n[walkbot:abc:resolved]"))
    assert (await client.find_note("123", "abc:resolved")).note_id == posted.note_id
    assert await client.find_note("123", "abc:escalated") is None


async def test_resolving_sets_the_configured_status_by_json_patch(cw, http):
    printer_ticket(cw)
    await client_for(cw, http).set_status("123", "Completed")
    assert cw.requests_to("PATCH", "/service/tickets/123")[0].body == [
        {"op": "replace", "path": "status", "value": {"name": "Completed"}}
    ]
    assert cw.tickets[123]["status"]["name"] == "Completed"


async def test_a_psa_that_is_down_is_unavailable(cw, http):
    printer_ticket(cw)
    await cw.go_down()
    with pytest.raises(PSAUnavailable, match="ConnectWise is unreachable"):
        await client_for(cw, http).get_ticket("123")
    await cw.come_back()
    assert (await client_for(cw, http).get_ticket("123")).id == "123"
