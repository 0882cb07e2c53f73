"""What a technician typed after ``/walk``, parsed into one typed request (pure, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.kinds import TicketKind
from bot.psa.ticket_refs import parse_ticket_word, unwrap_links

USAGE = (
    "*How to use /walk*\n"
    "• `/walk 12345` – walk PSA ticket 12345 (walkbot suggests matching flows); `#12345`, an Autotask "
    "number like `T20240311.0042` or a pasted ticket link work too\n"
    "• `/walk 12345 printer-offline` – start that flow directly\n"
    "• `/walk 12345 adhoc` – free-form investigation · `/walk 12345 ai` – AI-guided walk\n"
    "• `/walk INT-7` or `/walk internal <what is wrong>` – an internal ticket\n"
    "• `/walk flows [words]` – find a published flow and start it on a ticket\n"
    "• `/walk mine` – your active walks · `/walk escalations` – the engineer queue\n"
    "• `/walk proposals` – draft flows (admins) · `/walk settings` – AI categories (admins)\n"
    "• `/walk role @someone l1|engineer|admin` · `/walk channel #engineers` – roles and the handoff channel (admins)"
)

LISTS = ("mine", "escalations", "proposals", "settings", "help")
INTERNAL_TICKET = re.compile(r"^(INT-\d{1,12})$", re.IGNORECASE)
FLOW_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# Slack sends a mention as <@U123|name> (or <@U123>); a plain id works too.
USER_REF = re.compile(r"^<@([UW][A-Z0-9_]{1,31})(?:\|[^>]*)?>$|^([UW][A-Z0-9_]{1,31})$")
CHANNEL_REF = re.compile(r"^<#([CG][A-Z0-9_]{1,31})(?:\|[^>]*)?>$|^([CG][A-Z0-9_]{1,31})$")


@dataclass(frozen=True)
class ShowUsage:
    problem: str | None = None  # what was wrong with the input, shown above the usage


@dataclass(frozen=True)
class ShowList:
    name: str  # mine | escalations | proposals | settings


@dataclass(frozen=True)
class StartWalk:
    ticket_id: str
    ticket_kind: TicketKind
    target: str | None = None  # a flow slug, "adhoc", "ai", or None to be offered a choice
    problem_text: str | None = None  # for `/walk internal <text>`
    source_psa: str | None = None  # the PSA a pasted link came from (checked against the connected one)


@dataclass(frozen=True)
class SearchFlows:
    words: str  # empty: every published flow


@dataclass(frozen=True)
class SetRole:
    slack_user_id: str
    role: str


@dataclass(frozen=True)
class SetChannel:
    channel_id: str


WalkCommand = ShowUsage | ShowList | StartWalk | SearchFlows | SetRole | SetChannel


def parse_walk_command(text: str, *, new_internal_id: str = "") -> WalkCommand:
    """``new_internal_id`` names the ticket created by ``/walk internal …`` (the caller mints it)."""
    words = unwrap_links(text).strip().split()  # a pasted <link|label> is one word, its label dropped
    if not words:
        return ShowUsage()
    head = words[0].lower()
    if head == "flows":
        return SearchFlows(" ".join(words[1:])[:200])
    if head in LISTS:
        if len(words) > 1:
            return ShowUsage(f"`/walk {head}` takes no arguments.")
        return ShowUsage() if head == "help" else ShowList(head)
    if head == "role":
        user = USER_REF.match(words[1]) if len(words) == 3 else None
        if user is None:
            return ShowUsage("Name someone and a role: `/walk role @someone engineer` (l1, engineer or admin).")
        return SetRole(user.group(1) or user.group(2), words[2].lower())
    if head == "channel":
        channel = CHANNEL_REF.match(words[1]) if len(words) == 2 else None
        if channel is None:
            return ShowUsage("Name the engineers' channel: `/walk channel #engineers`.")
        return SetChannel(channel.group(1) or channel.group(2))
    if head == "internal":
        problem = " ".join(words[1:]).strip()
        if not problem:
            return ShowUsage("Say what is wrong: `/walk internal printer on floor 2 jams`.")
        return StartWalk(ticket_id=new_internal_id, ticket_kind=TicketKind.INTERNAL, problem_text=problem)
    if len(words) > 2:
        return ShowUsage(f"Too many words: `/walk {text.strip()}`. Give a ticket and, optionally, one flow.")
    target = words[1].lower() if len(words) == 2 else None
    if target is not None and not FLOW_SLUG.match(target):
        return ShowUsage(f"`{words[1]}` is not a flow name (flow names look like `printer-offline`).")
    if ref := parse_ticket_word(words[0]):
        return StartWalk(ticket_id=ref.ticket_id, ticket_kind=TicketKind.PSA, target=target, source_psa=ref.psa)
    if match := INTERNAL_TICKET.match(words[0]):
        return StartWalk(ticket_id=match.group(1).upper(), ticket_kind=TicketKind.INTERNAL, target=target)
    return ShowUsage(
        f"`{words[0]}` is not a ticket number. Use the PSA ticket number (`/walk 12345`, `/walk T20240311.0042`) "
        "or paste the ticket's link."
    )
