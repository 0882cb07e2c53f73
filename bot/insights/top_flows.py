"""The flows that escalated most this week, for the admins' App Home and the weekly digest."""

from __future__ import annotations

from dataclasses import dataclass

from bot.insights.report import Report

TOP = 5


@dataclass(frozen=True)
class TopFlow:
    slug: str
    title: str
    walks: int
    escalated: int
    drop_off_node: str | None
    drop_off_text: str


def top_flows(report: Report, n: int = TOP) -> list[TopFlow]:
    """Flows with at least one escalation, most escalations first (then most walks, then slug)."""
    ranked = sorted(
        (f for f in report.flows if f.outcomes.escalated),
        key=lambda f: (-f.outcomes.escalated, -f.outcomes.walks, f.slug),
    )
    out = []
    for flow in ranked[:n]:
        node = next((x for x in flow.nodes if x.node_id == flow.drop_off_node), None)
        out.append(
            TopFlow(
                slug=flow.slug,
                title=flow.title,
                walks=flow.outcomes.walks,
                escalated=flow.outcomes.escalated,
                drop_off_node=flow.drop_off_node,
                drop_off_text=node.text if node else "",
            )
        )
    return out
