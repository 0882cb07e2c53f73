"""Tickets as technicians type or paste them: a number, ``#12345``, an Autotask T-number, or a PSA link.

Pure text parsing, shared by ``/walk`` and the "Walk this ticket" message shortcut. Links are the
ones each PSA's web UI shows in the address bar or puts in its notification emails:

- ConnectWise: ``…/ConnectWise.aspx?…routeTo=ServiceFV&recid=123`` and
  ``…/Service/fv_sr100_request.rails?service_recid=123``;
- Autotask: ``…/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=123`` (or ``&TicketNumber=T…``) and
  ``…/TicketDetail.mvc?ticketId=123``;
- HaloPSA: ``…/tickets?id=123`` and ``…/ticket?id=123``.

Slack wraps links as ``<url|label>`` and escapes ``&`` as ``&amp;``; both are undone first.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

T_NUMBER = re.compile(r"\bT\d{8}\.\d{4,}\b", re.IGNORECASE)  # Autotask: T20240311.0042
PLAIN = re.compile(r"^#?(\d{1,12})$")
URL = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
URL_IDS = (
    ("connectwise", re.compile(r"[?&](?:service_recid|recid|srRecID)=(\d{1,12})\b", re.IGNORECASE)),
    ("autotask", re.compile(r"[?&]TicketNumber=(T\d{8}\.\d{4,})", re.IGNORECASE)),
    ("autotask", re.compile(r"(?:ExecuteCommand\.aspx|TicketDetail\.mvc)\?(?:[^#\s]*&)?ticketid=(\d{1,12})\b", re.I)),
    ("halo", re.compile(r"/tickets?\?(?:[^#\s]*&)?id=(\d{1,12})\b", re.IGNORECASE)),
)
MENTION = re.compile(r"(?<![\w/&#])#(\d{3,12})\b")  # "#12345" inside a sentence; not "&#123;" or URL anchors


@dataclass(frozen=True)
class TicketRef:
    ticket_id: str  # digits, or an Autotask T-number
    psa: str | None = None  # the PSA a pasted link came from; None for a bare number


def parse_ticket_word(word: str) -> TicketRef | None:
    """One word typed after ``/walk``: ``12345``, ``#12345``, ``T20240311.0042`` or a PSA link."""
    word = unwrap_links(word.strip())
    if match := PLAIN.match(word):
        return TicketRef(match.group(1))
    if T_NUMBER.fullmatch(word):
        return TicketRef(word.upper(), "autotask")
    if URL.fullmatch(word):
        return _from_url(word)
    return None


def find_ticket_ref(text: str) -> TicketRef | None:
    """The first ticket a message mentions: a PSA link, an Autotask T-number, or ``#12345``."""
    text = unwrap_links(text or "")
    for url in URL.findall(text):
        if found := _from_url(url):
            return found
    if match := T_NUMBER.search(text):
        return TicketRef(match.group(0).upper(), "autotask")
    if match := MENTION.search(text):
        return TicketRef(match.group(1))
    return None


def _from_url(url: str) -> TicketRef | None:
    for psa, pattern in URL_IDS:
        if match := pattern.search(url):
            return TicketRef(match.group(1).upper() if match.group(1)[0] in "tT" else match.group(1), psa)
    return None


def unwrap_links(text: str) -> str:
    """Slack's ``<url|label>`` and ``<url>`` become the bare url; ``&amp;`` becomes ``&``."""
    text = re.sub(r"<(https?://[^>|]+)(?:\|[^>]*)?>", r"\1", text)
    return html.unescape(text)
