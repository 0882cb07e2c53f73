"""Small inline SVG charts for the HTML report: no script, no external asset, readable without CSS.

Bars only (a stacked outcome bar per flow, a bar per node); the flow map itself is laid out by
Graphviz (``bot.insights.diagram``). Every label is escaped.
"""

from __future__ import annotations

from html import escape

from bot.insights.report import NodeStats, Outcomes

OUTCOME_COLOURS = {"resolved": "#2e7d32", "escalated": "#c62828", "abandoned": "#ef6c00", "active": "#90a4ae"}


def outcome_bar(o: Outcomes, *, width: int = 480, height: int = 22) -> str:
    """One bar split by outcome share, with a title per segment (shown on hover)."""
    parts, x = [], 0.0
    for name, count in (
        ("resolved", o.resolved),
        ("escalated", o.escalated),
        ("abandoned", o.abandoned),
        ("active", o.active),
    ):
        if not count:
            continue
        w = width * o.share(count)
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{OUTCOME_COLOURS[name]}">'
            f"<title>{name}: {count}</title></rect>"
        )
        x += w
    if not parts:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eceff1"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="outcomes" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def node_bars(nodes: tuple[NodeStats, ...], *, width: int = 640, row: int = 20, label_width: int = 200) -> str:
    """A bar per node: walks that reached it, the part that ended there badly in red/orange."""
    if not nodes:
        return ""
    most = max(n.reached for n in nodes) or 1
    scale = (width - label_width - 60) / most
    rows = []
    for i, n in enumerate(nodes):
        y = i * row
        reached_w = n.reached * scale
        esc_w, ab_w = n.escalated_here * scale, n.abandoned_here * scale
        label = escape(n.node_id if len(n.node_id) <= 28 else n.node_id[:27] + "…")
        weight = ' font-weight="bold"' if n.drop_off else ""
        rows.append(
            f'<text x="0" y="{y + 14}" font-size="12"{weight}>{label}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{reached_w:.1f}" height="{row - 6}" fill="#b0bec5">'
            f"<title>{escape(n.node_id)}: reached by {n.reached}</title></rect>"
            f'<rect x="{label_width}" y="{y + 3}" width="{esc_w:.1f}" height="{row - 6}" fill="{OUTCOME_COLOURS["escalated"]}">'
            f"<title>escalated here: {n.escalated_here}</title></rect>"
            f'<rect x="{label_width + esc_w:.1f}" y="{y + 3}" width="{ab_w:.1f}" height="{row - 6}" '
            f'fill="{OUTCOME_COLOURS["abandoned"]}"><title>abandoned here: {n.abandoned_here}</title></rect>'
            f'<text x="{label_width + reached_w + 6:.1f}" y="{y + 14}" font-size="12">{n.reached}</text>'
        )
    height = row * len(nodes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="walks per node" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(rows)}</svg>'
    )
