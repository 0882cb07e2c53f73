"""Insights in Slack: the admins' App Home section and the weekly digest message."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.insights.formatting import duration, percent
from bot.insights.report import Report
from bot.insights.top_flows import TopFlow
from bot.rendering import action_ids as ids
from bot.rendering.list_items import context_line, item_section
from bot.rendering.text import SECTION_TEXT, clip, escape

SEND_REPORT = "insights_send_report"  # App Home button: the HTML report and flow maps to the admin's DM
SEND_REPORT_DAYS = 30


@dataclass(frozen=True)
class CandidateWalk:
    """A resolved walk of a candidate group, named by its ticket; *Propose as flow* turns it into a draft."""

    session_id: uuid.UUID
    revision: int
    ticket: str  # e.g. "ConnectWise #1234 · Scanner jams on floor 2"
    draft_slug: str | None  # already proposed: the draft it became


@dataclass(frozen=True)
class CandidateGroup:
    """Ad-hoc and AI walks of one category sharing a word, with no published flow covering it."""

    category: str  # as shown (a category's label)
    word: str
    walks: int
    resolved: int
    shown: tuple[CandidateWalk, ...]  # the first few resolved walks


@dataclass(frozen=True)
class HomeInsights:
    top: tuple[TopFlow, ...]
    candidates: tuple[CandidateGroup, ...]
    counted_at: datetime  # the figures are of this moment; each walk's draft is read on every open
    recounted_after: timedelta  # an open once they are this old counts them again


def _top_lines(top: Sequence[TopFlow]) -> list[str]:
    lines = []
    for i, flow in enumerate(top, 1):
        drop = (
            f"drop-off at `{flow.drop_off_node}`"
            + (f" ({escape(clip(flow.drop_off_text, 80))})" if flow.drop_off_text else "")
            if flow.drop_off_node
            else "no drop-off node yet"
        )
        lines.append(f"{i}. *{escape(flow.title)}* — {flow.escalated} of {flow.walks} walks escalated · {drop}")
    return lines


def insights_home_blocks(home: HomeInsights) -> list[dict[str, Any]]:
    """Admins only: the five flows that escalated most this week, each with its drop-off node, and the
    candidates for new flows with a *Propose as flow* button per resolved walk (block dicts: bot.rendering.list_items)."""
    top = "\n".join(_top_lines(home.top)) if home.top else "No flow walk was escalated this week."
    return [
        *_blocks_once("insights_head"),
        item_section(top),
        *_blocks_once("send_report"),
        *candidate_blocks(home.candidates),
        _counted_at(home),
    ]


def _counted_at(home: HomeInsights) -> dict[str, Any]:
    """When the figures were counted, and from when an open counts them again (a draft shows at once)."""
    again = home.counted_at + home.recounted_after
    return context_line(
        f"_Figures as counted at {home.counted_at:%H:%M} UTC: walks that end after that count in when "
        f"Home is opened from {again:%H:%M} UTC. A walk proposed as a flow shows it at once._"
    )


@functools.cache
def _built_once(name: str) -> str:
    """The Insights section's fixed blocks, built and checked by the block models once per process (as JSON)."""
    blocks = {
        "insights_head": [DividerBlock(), HeaderBlock(text="Insights — this week")],
        "send_report": [
            ActionsBlock(
                elements=[ButtonElement(text="Send me the report", action_id=SEND_REPORT, value=str(SEND_REPORT_DAYS))]
            ),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"The {SEND_REPORT_DAYS}-day HTML report and each flow's map arrive in your DM with "
                        "walkbot."
                    )
                ]
            ),
        ],
        "candidates_head": [
            SectionBlock(
                text="*Candidates for new flows*\nAd-hoc and AI walks that keep coming back with no published flow "
                "for them. Propose a resolved one as a draft flow; drafts are reviewed with `/walk proposals`."
            )
        ],
    }[name]
    return json.dumps([block.to_dict() for block in blocks])


def _blocks_once(name: str) -> list[dict[str, Any]]:
    return json.loads(_built_once(name))  # a fresh copy each time


def insights_pending_blocks() -> list:
    """Admins' App Home while this week's figures are counted: the Home is published with the lists first, since a
    week of a busy account's walks takes a while to count, and again with the Insights once they are."""
    return [
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text="_Insights — counting this week's walks…_")]),
    ]


def candidate_blocks(groups: Sequence[CandidateGroup]) -> list[dict[str, Any]]:
    """Each recurring group (category, word, how many walks) and its resolved walks by ticket, each with the
    walk card's own *Propose as flow* button (same action id and value, so the same rules apply)."""
    if not groups:
        return []
    blocks = _blocks_once("candidates_head")
    for group in groups:
        resolved = f"{group.resolved} resolved" if group.resolved else "none resolved yet"
        blocks.append(
            item_section(f"*{escape(group.category)}* · “{escape(group.word)}” — {group.walks} walks, {resolved}")
        )
        for walk in group.shown:
            line = f"• {escape(clip(walk.ticket, 150))}"
            if walk.draft_slug:
                blocks.append(item_section(f"{line}\n   already proposed as `{escape(walk.draft_slug)}`"))
                continue
            value = ids.ButtonRef(walk.session_id, walk.revision).encode()
            blocks.append(item_section(line, ("Propose as flow", ids.PROPOSE, value)))
        if group.resolved > len(group.shown):
            more = group.resolved - len(group.shown)
            blocks.append(context_line(f"and {more} more resolved walk(s)"))
    return blocks


def digest_blocks(report: Report, top: Sequence[TopFlow]) -> list:
    """The weekly digest for a channel: totals and the flows to fix. Never per-technician figures."""
    flows = report.flows
    walks = sum(f.outcomes.walks for f in flows) + sum(k.outcomes.walks for k in report.kinds)
    resolved = sum(f.outcomes.resolved for f in flows) + sum(k.outcomes.resolved for k in report.kinds)
    escalated = sum(f.outcomes.escalated for f in flows) + sum(k.outcomes.escalated for k in report.kinds)
    blocks: list = [
        HeaderBlock(text="walkbot weekly digest"),
        SectionBlock(
            text=f"*{walks}* walks started {report.since:%Y-%m-%d} – {report.until:%Y-%m-%d} · *{resolved}* resolved · "
            f"*{escalated}* escalated"
        ),
    ]
    if top:
        blocks.append(
            SectionBlock(text=clip("*Flows that escalated most*\n" + "\n".join(_top_lines(top)), SECTION_TEXT))
        )
    best = sorted(
        (f for f in flows if f.outcomes.walks >= 3), key=lambda f: (-f.outcomes.share(f.outcomes.resolved), f.slug)
    )
    if best:
        lines = [
            f"• *{escape(f.title)}*: {percent(f.outcomes.share(f.outcomes.resolved))} resolved, median "
            f"{duration(f.outcomes.median_seconds_to_resolve)}"
            for f in best[:3]
        ]
        blocks.append(SectionBlock(text=clip("*Flows that resolve best*\n" + "\n".join(lines), SECTION_TEXT)))
    if report.candidates:
        lines = [
            f"• {escape(c.category)} · “{escape(c.word)}”: {c.walks} walks without a flow"
            for c in report.candidates[:3]
        ]
        blocks.append(SectionBlock(text=clip("*Candidates for new flows*\n" + "\n".join(lines), SECTION_TEXT)))
    blocks.append(
        ContextBlock(
            elements=[MarkdownTextObject(text="Full figures: `walkbot report --html report.html` · docs/insights.md")]
        )
    )
    return blocks
