"""HaloPSA: client-credentials token cached and renewed, tickets, notes as actions posted as an array."""

import pytest

from bot.config.psa import PSASettings
from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.halo import HaloClient
from bot.psa.models import Assignment, NoteWrite, TimeEntryWrite
from tests.psa.conftest import client_for


def printer_ticket(halo):
    halo.add_ticket(
        77,
        "Printer offline",
        details="<p>Front desk printer<br>shows &quot;offline&quot;</p>",
        client_name="Acme Dental",
        user_name="Dana Ortiz",
        team="Service Desk",
        category_1="Hardware",
        category_2="Printer",
        priority_id=2,
        status_id=1,
    )


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def halo_client(halo, http, clock):
    settings = PSASettings.from_env(halo.env()).halo
    return HaloClient(settings, http, clock=clock)


async def test_a_ticket_reads_as_one_model_with_a_plain_text_description(halo, http):
    printer_ticket(halo)
    ticket = await client_for(halo, http).get_ticket("77")
    assert (ticket.id, ticket.psa_label, ticket.summary) == ("77", "HaloPSA", "Printer offline")
    assert ticket.description == 'Front desk printer\nshows "offline"'
    assert (ticket.board, ticket.type, ticket.subtype) == ("Service Desk", "Hardware", "Printer")
    assert (ticket.company, ticket.contact) == ("Acme Dental", "Dana Ortiz")
    assert ticket.url == f"{halo.url}/tickets?id=77"


async def test_the_token_request_is_form_encoded_client_credentials_for_the_tenant(halo, http):
    printer_ticket(halo)
    await client_for(halo, http).get_ticket("77")
    token = halo.requests_to("POST", "/auth/token")[0]
    assert token.query == {"tenant": "acme"}
    assert token.body["grant_type"] == "client_credentials" and token.body["client_id"] == halo.client_id
    assert halo.requests_to("GET", "/api/Tickets/77")[0].headers["Authorization"].startswith("Bearer tok-")


async def test_the_token_is_cached_across_calls_and_renewed_after_expiry(halo, http):
    printer_ticket(halo)
    clock = Clock()
    client = halo_client(halo, http, clock)
    await client.get_ticket("77")
    await client.add_note("77", NoteWrite(text="n"))
    assert halo.token_requests == 1
    clock.now += 3600
    await client.get_ticket("77")
    assert halo.token_requests == 2


async def test_a_revoked_token_is_renewed_once_on_401(halo, http):
    printer_ticket(halo)
    client = client_for(halo, http)
    await client.get_ticket("77")
    halo.revoke_tokens()
    assert (await client.get_ticket("77")).id == "77"
    assert halo.token_requests == 2


async def test_a_persistent_401_is_an_auth_error_after_one_renewal(halo, http):
    printer_ticket(halo)
    halo.reject_credentials = True
    with pytest.raises(PSAAuthError, match="HaloPSA rejected walkbot's API credentials"):
        await client_for(halo, http).get_ticket("77")
    assert halo.token_requests == 2


async def test_a_wrong_client_secret_is_an_auth_error_without_the_secret(halo, http):
    with pytest.raises(PSAAuthError, match="check HALO_CLIENT_ID") as caught:
        await client_for(halo, http, HALO_CLIENT_SECRET="leaked?").get_ticket("77")
    assert "leaked?" not in str(caught.value)


async def test_not_found_timeout_and_rate_limit(halo, http):
    printer_ticket(halo)
    client = client_for(halo, http, PSA_TIMEOUT_SECONDS="0.2")
    with pytest.raises(TicketNotFound, match="^ticket 5 was not found in HaloPSA$"):
        await client.get_ticket("5")
    halo.fail_next(429, retry_after="0", path="/api/Tickets")
    assert (await client.get_ticket("77")).id == "77"
    halo.fail_next(429, retry_after="30", path="/api/Tickets")
    with pytest.raises(PSARateLimited):
        await client.get_ticket("77")
    halo.delay = 1.0
    with pytest.raises(PSAUnavailable):
        await client.get_ticket("77")


async def test_a_note_is_one_action_in_an_array_hidden_from_the_user(halo, http):
    printer_ticket(halo)
    receipt = await client_for(halo, http).add_note("77", NoteWrite(text="walked\n[walkbot:k]"))
    assert halo.requests_to("POST", "/api/Actions")[0].body == [
        {
            "ticket_id": 77,
            "note": "walked\n[walkbot:k]",
            "note_html": "<p>walked<br>[walkbot:k]</p>",
            "outcome": "Private Note",
            "hiddenfromuser": True,
            "sendemail": False,
        }
    ]
    assert receipt.note_id == str(halo.actions_on(77)[0]["id"])


async def test_a_note_is_html_escaped_paragraphs_for_halo_to_render(halo, http):
    printer_ticket(halo)
    await client_for(halo, http).add_note("77", NoteWrite(text="Steps:\n1. <Restart> → yes\n\n[walkbot:k]"))
    assert halo.actions_on(77)[0]["note_html"] == "<p>Steps:<br>1. &lt;Restart&gt; → yes</p><p>[walkbot:k]</p>"


async def test_a_note_is_authored_by_the_technicians_agent_never_assigned_to_them(halo, http):
    printer_ticket(halo)
    halo.tickets[77]["agent_id"] = 5
    halo.agents[12] = {"id": 12, "name": "Dana Ortiz", "email": "dana@msp.example"}
    receipt = await client_for(halo, http).add_note("77", NoteWrite(text="log", member_id="12"))
    (action,) = halo.actions_on(77)
    assert receipt.as_member and action["actionby_agent_id"] == 12 and "agent_id" not in action
    assert halo.tickets[77]["agent_id"] == 5


async def test_an_unknown_author_agent_is_refused(halo, http):
    printer_ticket(halo)
    with pytest.raises(PSAError, match="Agent 99 not found"):
        await client_for(halo, http).add_note("77", NoteWrite(text="log", member_id="99"))


async def test_an_over_long_note_is_capped_in_text_and_html(halo, http):
    printer_ticket(halo)
    await client_for(halo, http).add_note("77", NoteWrite(text="a\n" * 20000 + "[walkbot:k]"))
    (action,) = halo.actions_on(77)
    assert len(action["note_html"]) <= 32000 and len(action["note"]) <= 32000
    assert action["note"].endswith("(truncated, full walk in walkbot)\n[walkbot:k]")


async def test_find_note_reads_the_tickets_actions(halo, http):
    printer_ticket(halo)
    client = client_for(halo, http)
    posted = await client.add_note("77", NoteWrite(text="x\n[walkbot:s:resolved]"))
    assert (await client.find_note("77", "s:resolved")).note_id == posted.note_id
    assert await client.find_note("77", "s:escalated") is None


async def test_status_on_resolve_posts_the_status_id(halo, http):
    printer_ticket(halo)
    await client_for(halo, http).set_status("77", "9")
    assert halo.tickets[77]["status_id"] == 9


async def test_a_status_outside_halos_status_list_is_refused_before_any_write(halo, http):
    printer_ticket(halo)
    client = client_for(halo, http)
    assert await client.check_status("4") is None
    assert (await client.check_status("42")).startswith("HaloPSA has no status 42; its statuses are 1 (New)")
    with pytest.raises(PSAError, match="no status 42.*walkbot accounts writeback"):
        await client.set_status("77", "42")
    assert halo.requests_to("POST", "/api/Tickets") == []


async def test_pick_up_makes_the_engineer_the_tickets_agent_with_the_status(halo, http):
    printer_ticket(halo)
    halo.agents[12] = {"id": 12, "name": "Eve Engineer", "email": "eve@msp.example"}
    await client_for(halo, http).assign("77", Assignment(member_id="12", status="2"))
    assert (halo.tickets[77]["agent_id"], halo.tickets[77]["status_id"]) == (12, 2)


async def test_an_agent_is_found_by_email_and_inactive_agents_are_not(halo, http):
    halo.agents[12] = {"id": 12, "name": "Eve Engineer", "email": "Eve@msp.example"}
    halo.agents[13] = {"id": 13, "name": "Old", "email": "old@msp.example", "inactive": True}
    client = client_for(halo, http)
    assert await client.find_member("eve@msp.example") == "12"
    assert await client.find_member("old@msp.example") is None


async def test_time_is_timetaken_in_hours_on_a_hidden_action_by_the_agent(halo, http):
    printer_ticket(halo)
    halo.agents[12] = {"id": 12, "name": "Dana", "email": "dana@msp.example"}
    entry = TimeEntryWrite(
        started_at="2026-03-11T10:00:00+00:00",
        ended_at="2026-03-11T10:30:00+00:00",
        notes="walkbot walk\n[walkbot:s:resolved:time]",
        billable=True,
        member_id="12",
    )
    client = client_for(halo, http)
    entry_id = await client.add_time_entry("77", entry)
    (action,) = halo.actions_on(77)
    assert (action["timetaken"], action["actisbillable"], action["actionby_agent_id"]) == (0.5, True, 12)
    assert action["hiddenfromuser"] is True and action["sendemail"] is False
    assert await client.find_time_entry("77", "s:resolved:time") == entry_id
