"""What a button or modal carries: each payload type reads back exactly what it wrote, and refuses anything else."""

import uuid

import pytest

from bot.rendering.action_ids import ButtonRef, ProposalRef, RejectModalState, WalkModalState

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.mark.parametrize(
    "payload",
    [
        ButtonRef(ID, 3, "opt|with|bars"),
        WalkModalState(ID, 7, "C_HELPDESK"),
        ProposalRef(ID),
        RejectModalState(ID, "C_REVIEW"),
        RejectModalState(ID, ""),
    ],
)
def test_a_payload_decodes_to_what_was_encoded(payload):
    assert type(payload).decode(payload.encode()) == payload


@pytest.mark.parametrize("kind", [ButtonRef, WalkModalState, ProposalRef, RejectModalState])
@pytest.mark.parametrize("forged", ["", "not-a-uuid|1|x", f"{ID}|one|x", "hello"])
def test_a_value_walkbot_did_not_write_is_refused(kind, forged):
    with pytest.raises(ValueError):
        kind.decode(forged)
