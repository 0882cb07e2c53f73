"""Action and view ids: the contract between what rendering puts on a button and what a handler listens for.

A walk button's value is ``session_id|revision|argument``: the revision is the step the
button was drawn for, so a click on an old card is recognised as stale by the engine.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from bot.engine.kinds import TicketKind

# Walk card buttons
CHOOSE = "walk_choose"  # question option; argument = option id
CONTINUE = "walk_continue"  # instruction worked / done
DIDNT_WORK = "walk_didnt_work"
ENTER_VALUE = "walk_enter_value"  # input node: opens the value modal
FOLLOW_LINK = "walk_follow_link"
BACK = "walk_back"
RESOLVE = "walk_resolve"  # opens the resolve modal
ESCALATE = "walk_escalate"  # opens the escalate modal
ABANDON = "walk_abandon"
ADD_STEP = "walk_add_step"  # ad-hoc: opens the step modal
REPOST = "walk_repost"  # /walk mine: post the card again
AI_RETRY = "walk_ai_retry"
AI_TO_ADHOC = "walk_ai_to_adhoc"
PROPOSE = "walk_propose"  # resolved ad-hoc / AI walk -> draft flow
TAKE_OVER = "walk_take_over"  # engineers / admins carry on someone else's walk
# A walk card's step buttons: one listener answers them all (handlers/actions.py), and Slack gets its answer as
# soon as such a click is known to be Slack's (bot/early_ack.py).
WALK_STEP = re.compile(
    rf"^({CHOOSE}(:.*)?|{'|'.join(re.escape(a) for a in (CONTINUE, DIDNT_WORK, FOLLOW_LINK, BACK, ABANDON))})$"
)

# Intake (choosing how to walk a ticket)
START_FLOW = "intake_start_flow"  # argument = flow slug
START_ADHOC = "intake_start_adhoc"
START_AI = "intake_start_ai"  # argument = the category the ticket was classified into, if it was

# /walk flows: "Start on ticket…" asks for the ticket in a modal, then starts the flow
START_ON_TICKET = "flow_search_start_on_ticket"  # button; value = FlowStart.encode()
TICKET_VIEW = "flow_search_ticket_view"  # modal callback id; private_metadata = FlowStart.encode()

# Engineers
PICK_UP = "escalation_pick_up"

# Proposals (admins)
PROPOSAL_TRY = "proposal_try"
PROPOSAL_PUBLISH = "proposal_publish"
PROPOSAL_REJECT = "proposal_reject"

# Modals (callback ids)
RESOLVE_VIEW = "walk_resolve_view"
ESCALATE_VIEW = "walk_escalate_view"
VALUE_VIEW = "walk_value_view"
ADHOC_STEP_VIEW = "walk_adhoc_step_view"
REJECT_VIEW = "proposal_reject_view"
SETTINGS_VIEW = "account_settings_view"
# The PSA section of the settings modal: the one-time credentials link (a URL button) and Test connection.
PSA_LINK = "settings_psa_link"
PSA_TEST = "settings_psa_test"
PSA_TEST_RESULT = "settings_psa_test_result"
ENGINEER_CHANNEL = "settings_engineer_channel"
# The roles section: pick a person and the role to give them; applied when the modal is saved.
ROLE_USER = "settings_role_user"
ROLE = "settings_role"


@dataclass(frozen=True)
class ButtonRef:
    """What a walk button carries back."""

    session_id: uuid.UUID
    revision: int
    argument: str = ""

    def encode(self) -> str:
        return f"{self.session_id}|{self.revision}|{self.argument}"

    @classmethod
    def decode(cls, value: str) -> ButtonRef:
        """Raises ValueError on anything walkbot did not write (a forged or truncated value)."""
        session_id, revision, argument = value.split("|", 2)
        return cls(uuid.UUID(session_id), int(revision), argument)


# Message shortcut (slack-manifest.yml: features.shortcuts): start a walk of the ticket a message names.
WALK_THIS_TICKET = "walk_this_ticket"


@dataclass(frozen=True)
class WalkModalState:
    """What a walk's modal remembers: the walk, the step it was opened at, and the channel to answer in."""

    session_id: uuid.UUID
    revision: int
    channel_id: str

    def encode(self) -> str:
        return f"{self.session_id}|{self.revision}|{self.channel_id}"

    @classmethod
    def decode(cls, value: str) -> WalkModalState:
        """Raises ValueError on anything walkbot did not write."""
        session_id, revision, channel_id = value.split("|")  # a channel id never holds "|"
        return cls(uuid.UUID(session_id), int(revision), channel_id)


@dataclass(frozen=True)
class ProposalRef:
    """What a draft flow's Try / Publish / Reject button carries: the proposal."""

    proposal_id: uuid.UUID

    def encode(self) -> str:
        return str(self.proposal_id)

    @classmethod
    def decode(cls, value: str) -> ProposalRef:
        """Raises ValueError on anything walkbot did not write."""
        return cls(uuid.UUID(value))


@dataclass(frozen=True)
class RejectModalState:
    """What the reject modal remembers: the proposal, and the channel to answer in once it is submitted."""

    proposal_id: uuid.UUID
    channel_id: str

    def encode(self) -> str:
        return f"{self.proposal_id}|{self.channel_id}"

    @classmethod
    def decode(cls, value: str) -> RejectModalState:
        """Raises ValueError on anything walkbot did not write."""
        proposal_id, channel_id = value.split("|")  # a channel id never holds "|"
        return cls(uuid.UUID(proposal_id), channel_id)


# How many characters of a new internal ticket's text an intake button carries (Slack allows 2,000 a value).
INTAKE_SUMMARY = 900


@dataclass(frozen=True)
class IntakeChoice:
    """What an intake button carries: the ticket and the button's argument (flow slug, AI category, or nothing).

    A new internal ticket exists nowhere else until a walk starts, so its text travels too. Encoded as
    ``psa|ID|ARGUMENT`` or ``internal|ID|SUMMARY|ARGUMENT``; the summary may itself hold "|", so
    the argument is split off the right.
    """

    ticket_kind: TicketKind
    ticket_id: str
    summary: str = ""
    argument: str = ""

    def encode(self) -> str:
        if self.ticket_kind == TicketKind.INTERNAL:
            return f"{self.ticket_kind}|{self.ticket_id}|{self.summary[:INTAKE_SUMMARY]}|{self.argument}"
        return f"{self.ticket_kind}|{self.ticket_id}|{self.argument}"

    @classmethod
    def decode(cls, value: str) -> IntakeChoice:
        """Raises ValueError on anything walkbot did not write."""
        kind, rest = value.split("|", 1)
        rest, argument = rest.rsplit("|", 1)
        ticket_id, _, summary = rest.partition("|")
        if not ticket_id:
            raise ValueError(value)
        return cls(TicketKind(kind), ticket_id, summary, argument)


@dataclass(frozen=True)
class FlowStart:
    """What a ``/walk flows`` result's button and its ticket modal carry: the flow, and the channel to post in."""

    slug: str
    channel_id: str

    def encode(self) -> str:
        return f"{self.slug}|{self.channel_id}"

    @classmethod
    def decode(cls, value: str) -> FlowStart:
        """Raises ValueError on anything walkbot did not write."""
        slug, channel_id = value.split("|")
        if not slug or not channel_id:
            raise ValueError(value)
        return cls(slug, channel_id)
