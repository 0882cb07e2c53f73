"""What a button or modal carries: each payload type reads back exactly what it wrote, and refuses anything else."""

import uuid

import pytest

from bot.engine.kinds import TicketKind
from bot.rendering.action_ids import (
    ButtonRef,
    FlowStart,
    IntakeChoice,
    ProposalRef,
    RejectModalState,
    WalkModalState,
)

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.mark.parametrize(
    "payload",
    [
        ButtonRef(ID, 3, "opt|with|bars"),
        WalkModalState(ID, 7, "C_HELPDESK"),
        ProposalRef(ID),
        RejectModalState(ID, "C_REVIEW"),
        RejectModalState(ID, ""),
        IntakeChoice(TicketKind.PSA, "12345", argument="printer-offline"),
        IntakeChoice(TicketKind.INTERNAL, "INT-7", "Printer | jammed", "hardware"),
        IntakeChoice(TicketKind.INTERNAL, "INT-8"),
        FlowStart("printer-offline", "C_HELPDESK"),
    ],
)
def test_a_payload_decodes_to_what_was_encoded(payload):
    assert type(payload).decode(payload.encode()) == payload


@pytest.mark.parametrize("kind", [ButtonRef, WalkModalState, ProposalRef, RejectModalState, IntakeChoice, FlowStart])
@pytest.mark.parametrize("forged", ["", "not-a-uuid|1|x", f"{ID}|one|x", "hello"])
def test_a_value_walkbot_did_not_write_is_refused(kind, forged):
    with pytest.raises(ValueError):
        kind.decode(forged)


def test_intake_buttons_already_posted_still_start_their_walk():
    assert IntakeChoice.decode("psa|12345|printer-offline") == IntakeChoice(
        TicketKind.PSA, "12345", "", "printer-offline"
    )
    assert IntakeChoice.decode("internal|INT-7|Printer | jammed|") == IntakeChoice(
        TicketKind.INTERNAL, "INT-7", "Printer | jammed", ""
    )


def test_an_intake_button_carries_at_most_900_characters_of_a_new_tickets_text():
    choice = IntakeChoice.decode(IntakeChoice(TicketKind.INTERNAL, "INT-9", "x" * 5000, "adhoc").encode())
    assert choice.summary == "x" * 900 and choice.argument == "adhoc"
