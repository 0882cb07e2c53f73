"""HaloPSA: client-credentials token cached and renewed, tickets, notes as actions posted as an array."""

import pytest

from bot.config.psa import PSASettings
from bot.psa.errors import PSAAuthError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.halo import HaloClient
from bot.psa.models import NoteWrite
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
        {"ticket_id": 77, "note": "walked\n[walkbot:k]", "outcome": "Private Note", "hiddenfromuser": True}
    ]
    assert receipt.note_id == str(halo.actions_on(77)[0]["id"])


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
