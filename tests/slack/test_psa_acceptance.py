"""Acceptance, on all three PSAs: a walk escalated and then picked up leaves its ticket assigned to the engineer,
in the configured status, with one internal note written as the technician and one time entry.

Everything goes through Slack as signed requests (slash command, clicks, modal) and the outbox worker
delivers to the vendor's fake; the technician and engineer are matched to PSA people by the email on their
Slack profile (users.info, users:read.email).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.flows.library import import_flow_files
from bot.psa.writeback_settings import WritebackSettings
from bot.rendering import action_ids as ids
from bot.writeback.worker import deliver_due
from storage.queries.accounts import account_for_team
from storage.queries.psa_writeback import set_writeback
from tests.fakes.psa_autotask import FakeAutotask
from tests.fakes.psa_connectwise import FakeConnectWise
from tests.fakes.psa_halo import FakeHalo
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver, plain_text_input, radio_buttons, static_select
from tests.slack.conftest import FLOWS, TEAM
from tests.slack.steps import button, buttons, click, start_printer_walk

TICKET = 12345
TECH_EMAIL, ENGINEER_EMAIL = "u_tech@example.com", "u_eng1@example.com"  # what the fake Slack's profiles say


@dataclass
class Vendor:
    """One PSA's fake with the technician and engineer set up, and how to read the outcome back."""

    fake: Any
    settings: WritebackSettings
    tech_id: int
    engineer_id: int

    def ticket(self) -> dict[str, Any]:
        return self.fake.tickets[TICKET]


def connectwise() -> Vendor:
    fake = FakeConnectWise()
    fake.members[31] = {"id": 31, "identifier": "utech", "primaryEmail": TECH_EMAIL}
    fake.members[40] = {"id": 40, "identifier": "ueng1", "primaryEmail": ENGINEER_EMAIL}
    settings = WritebackSettings(
        status_on_escalate="Escalated", status_on_pickup="In Progress", time_entries=True, work_type="Remote Support"
    )
    return Vendor(fake, settings, 31, 40)


def autotask() -> Vendor:
    fake = FakeAutotask()
    for resource_id, email in ((29, TECH_EMAIL), (31, ENGINEER_EMAIL)):
        fake.resources[resource_id] = {"id": resource_id, "email": email, "defaultServiceDeskRoleID": 8}
        fake.resource_roles.append({"resourceID": resource_id, "roleID": 8})
    settings = WritebackSettings(status_on_escalate="11", status_on_pickup="8", time_entries=True, work_type="29682801")
    return Vendor(fake, settings, 29, 31)


def halo() -> Vendor:
    fake = FakeHalo()
    fake.agents[12] = {"id": 12, "name": "Tech", "email": TECH_EMAIL}
    fake.agents[13] = {"id": 13, "name": "Engineer", "email": ENGINEER_EMAIL}
    settings = WritebackSettings(status_on_escalate="4", status_on_pickup="2", time_entries=True)
    return Vendor(fake, settings, 12, 13)


def add_ticket(vendor: Vendor) -> None:
    fake = vendor.fake
    if isinstance(fake, FakeConnectWise):
        fake.add_ticket(TICKET, "Printer offline on floor 2", board="Help Desk", status="New")
    elif isinstance(fake, FakeAutotask):
        fake.add_ticket(TICKET, "Printer offline on floor 2", status=1)
    else:
        fake.add_ticket(TICKET, "Printer offline on floor 2", status_id=1, agent_id=None)


@pytest.fixture(params=[connectwise, autotask, halo], ids=["connectwise", "autotask", "halo"])
async def vendor(request, db) -> AsyncIterator[Vendor]:
    chosen = request.param()
    await chosen.fake.start()
    add_ticket(chosen)
    async with db.begin() as session:
        account = await account_for_team(session, TEAM)
        report = await import_flow_files(session, account.id, FLOWS)
        assert not report.errors, report.errors
        await set_writeback(session, account.id, chosen.settings.to_json())
    try:
        yield chosen
    finally:
        await chosen.fake.stop()
    assert chosen.fake.violations == []


@pytest.fixture
async def running(database_url, fake_slack, vendor):
    walkbot = await start_walkbot(database_url, fake_slack, env=vendor.fake.env())
    try:
        yield walkbot
    finally:
        await walkbot.close()


async def escalate_and_pick_up(running, fake_slack, db) -> None:
    async with SlackDriver(running.url, running.signing_secret, TEAM, fake_slack) as tech:
        card = await start_printer_walk(tech, fake_slack, db, text=f"{TICKET} printer-offline")
        await click(tech, card, buttons(card.blocks)[0])
        update = (await fake_slack.wait_for("chat.update"))[0]
        await click(tech, card, button(update.args["blocks"], ids.ESCALATE))
        await fake_slack.wait_for("views.open")
        values = {
            "category": {"category": static_select("hardware_fault")},
            "reason": {"reason": plain_text_input("Fuser error 50.1")},
        }
        assert (await tech.submit_view(ids.ESCALATE_VIEW, values=values))[0] == 200
        handoff = (await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C_ENGINEERS"))[0]
        pick = button(handoff.args["blocks"], ids.PICK_UP)
        await tech.click(
            ids.PICK_UP, pick["value"], user_id="U_ENG1", channel_id="C_ENGINEERS", message_ts=handoff.response["ts"]
        )
        await fake_slack.wait_for("chat.postMessage", where=lambda c: "picked up this escalation" in c.args["text"])


async def deliver_all(running) -> None:
    for _ in range(3):
        report = await deliver_due(running.runtime.db, running.runtime.psa)
        assert report.retrying == [] and report.parked == []


async def test_an_escalated_then_picked_up_walk_leaves_the_ticket_as_a_service_manager_expects(
    running, vendor, fake_slack, db
):
    await escalate_and_pick_up(running, fake_slack, db)
    await deliver_all(running)
    fake, ticket = vendor.fake, vendor.ticket()
    if isinstance(fake, FakeConnectWise):
        assert ticket["owner"]["id"] == vendor.engineer_id and ticket["status"]["name"] == "In Progress"
        (note,) = fake.posted_notes(TICKET)
        assert note["internalAnalysisFlag"] and not note["resolutionFlag"] and not note["detailDescriptionFlag"]
        assert note["member"]["id"] == vendor.tech_id and fake.customer_emails == []
        (entry,) = fake.time_entries
        assert entry["member"] == {"id": vendor.tech_id} and entry["chargeToId"] == TICKET
    elif isinstance(fake, FakeAutotask):
        assert (ticket["assignedResourceID"], ticket["assignedResourceRoleID"], ticket["status"]) == (31, 8, 8)
        (note,) = fake.notes_on(TICKET)
        assert note["publish"] == 2 and note["creatorResourceID"] == vendor.tech_id
        (entry,) = fake.time_entries
        assert entry["resourceID"] == vendor.tech_id and entry["creatorResourceID"] == vendor.tech_id
    else:
        assert (ticket["agent_id"], ticket["status_id"]) == (vendor.engineer_id, 2)
        notes = [a for a in fake.actions_on(TICKET) if not a.get("timetaken")]
        (note,) = notes
        assert note["hiddenfromuser"] is True and note["sendemail"] is False
        assert note["actionby_agent_id"] == vendor.tech_id and "agent_id" not in note
        (entry,) = [a for a in fake.actions_on(TICKET) if a.get("timetaken")]
        assert entry["actionby_agent_id"] == vendor.tech_id
    assert "Fuser error 50.1" in str(fake.requests_to("POST", "otes") + fake.requests_to("POST", "Actions"))


def the_note(vendor: Vendor) -> tuple[str, int | None]:
    """The walk's internal note on the ticket: its text, and the PSA person it was written as."""
    fake = vendor.fake
    if isinstance(fake, FakeConnectWise):
        (note,) = fake.posted_notes(TICKET)
        return note["text"], (note["member"] or {}).get("id")
    if isinstance(fake, FakeAutotask):
        (note,) = fake.notes_on(TICKET)
        return note["description"], note.get("creatorResourceID")
    (note,) = [a for a in fake.actions_on(TICKET) if not a.get("timetaken")]
    return note["note"], note.get("actionby_agent_id")


async def test_after_a_take_over_the_note_names_both_people_and_is_written_as_who_finished(
    running, vendor, fake_slack, db
):
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="Tina")
    fake_slack.set_user("U_ENG1", real_name="Eli Engineer", display_name="Eli")
    async with SlackDriver(running.url, running.signing_secret, TEAM, fake_slack) as tech:
        card = await start_printer_walk(tech, fake_slack, db, text=f"{TICKET} printer-offline")
        await click(tech, card, button(card.blocks, ids.TAKE_OVER), user_id="U_ENG1")
        await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))
        await click(tech, card, button(card.blocks, ids.RESOLVE), user_id="U_ENG1")
        modal = (await fake_slack.wait_for("views.open"))[-1]
        await tech.submit_view(
            ids.RESOLVE_VIEW,
            values={
                "notes": {"notes": plain_text_input("Reseated the tray")},
                "helpful": {"helpful": radio_buttons("yes")},
            },
            private_metadata=modal.args["view"]["private_metadata"],
            user_id="U_ENG1",
        )
        await fake_slack.wait_for("chat.postMessage", where=lambda c: "Resolved." in c.args.get("text", ""))
    await deliver_all(running)

    text, written_as = the_note(vendor)
    assert "Technician: Tina ·" in text and "Finished by: Eli (took over from Tina)" in text
    assert "U_TECH" not in text and "U_ENG1" not in text
    assert written_as == vendor.engineer_id
