"""Flow suggestions: classification first, then keywords, and nothing for an unrelated ticket."""

from dataclasses import dataclass

from bot.flows.model import MatchHints
from bot.flows.suggest import FlowCandidate, rank_flows


@dataclass
class Ticket:
    summary: str
    description: str | None = None
    board: str | None = None
    type: str | None = None
    subtype: str | None = None


PRINTER = FlowCandidate(
    "printer-offline", "Printer offline", MatchHints(keywords=("printer", "print queue"), types=("Printer",))
)
OUTLOOK = FlowCandidate(
    "outlook-not-syncing",
    "Outlook not syncing",
    MatchHints(keywords=("outlook", "mailbox full", "print"), types=("Email",)),
)
VPN = FlowCandidate(
    "vpn-wont-connect", "VPN won't connect", MatchHints(keywords=("vpn", "forticlient"), boards=("Network",))
)
ALL = [OUTLOOK, PRINTER, VPN]


def test_a_classified_ticket_puts_the_matching_type_first_even_against_keywords():
    ranked = rank_flows(Ticket("Outlook cannot print invoices", type="Printer"), ALL)
    assert [s.slug for s in ranked][:2] == ["printer-offline", "outlook-not-syncing"]


def test_keywords_rank_unclassified_tickets():
    ranked = rank_flows(Ticket("VPN drops", description="FortiClient says credentials ok"), ALL)
    assert ranked[0].slug == "vpn-wont-connect" and ranked[0].keyword_hits == 2


def test_multi_word_keywords_match_as_phrases():
    assert rank_flows(Ticket("Mailbox full warning"), ALL)[0].slug == "outlook-not-syncing"
    assert rank_flows(Ticket("Mailbox is nearly full"), ALL) == []


def test_matching_ignores_case_and_spacing_of_classification():
    assert rank_flows(Ticket("x", board="  network "), ALL)[0].slug == "vpn-wont-connect"


def test_an_unrelated_ticket_gets_no_suggestion():
    assert rank_flows(Ticket("New starter needs a desk"), ALL) == []


def test_limit_caps_the_list():
    assert len(rank_flows(Ticket("printer vpn outlook"), ALL, limit=2)) == 2
