"""The flow maps of a report: each reported flow drawn with its own figures (``bot.insights.diagram``)."""

from __future__ import annotations

from bot.flows.model import Flow
from bot.insights.diagram import DiagramUnavailable, flow_diagrams
from bot.insights.report import Report


def report_flow_maps(report: Report, *, fmt: str = "svg") -> dict[str, bytes]:
    """slug -> map with stats; empty when Graphviz is not installed (the report itself still works)."""
    return report_flow_maps_in(report, formats=(fmt,))[fmt]


def report_flow_maps_in(report: Report, *, formats: tuple[str, ...]) -> dict[str, dict[str, bytes]]:
    """format -> slug -> map, each flow laid out once for all formats; each format empty without Graphviz."""
    maps: dict[str, dict[str, bytes]] = {fmt: {} for fmt in formats}
    for flow in report.flows:
        if flow.definition is None:
            continue
        try:
            drawn = flow_diagrams(Flow.from_dict(flow.definition), flow, formats=formats)
        except DiagramUnavailable:
            return {fmt: {} for fmt in formats}
        for fmt, data in drawn.items():
            maps[fmt][flow.slug] = data
    return maps


def inline_svgs(maps: dict[str, bytes]) -> dict[str, str]:
    """SVG documents made fit to sit inside HTML: the XML prolog and doctype dropped."""
    out = {}
    for slug, svg in maps.items():
        text = svg.decode("utf-8")
        out[slug] = text[text.index("<svg") :]
    return out
