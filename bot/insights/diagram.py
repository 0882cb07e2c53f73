"""Flow maps: a flow's graph laid out by Graphviz (the ``graphviz`` package driving the system ``dot``).

Each node type has its own shape, each edge the answer that takes it. With stats, a node's fill
darkens with the walks that reached it, its border is red where walks ended escalated or
abandoned (thick for the drop-off node) and green where they resolved, and edges thicken with
the walks that took them. Layout is Graphviz's job; nothing here places a node.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import graphviz

from bot.flows.model import Flow, Node
from bot.insights.formatting import MAP_FORMATS
from bot.insights.report import FlowReport, NodeStats

_SHAPES = {
    "question": ("diamond", "#e3f2fd"),
    "instruction": ("box", "#f5f5f5"),
    "input": ("parallelogram", "#fff8e1"),
    "link": ("component", "#ede7f6"),
    "resolve": ("ellipse", "#e8f5e9"),
    "escalate": ("octagon", "#ffebee"),
}
_INSTRUCTION_LABELS = {"next": "done / it worked", "failed_next": "didn't work"}
_GREENS = "#2e7d32"
_REDS = "#c62828"


class DiagramUnavailable(RuntimeError):
    """Graphviz's ``dot`` is not installed; the message says how to install it."""


def flow_diagram(flow: Flow, stats: FlowReport | None = None, *, fmt: str = "svg") -> bytes:
    """The flow map as SVG or PNG bytes; ``stats`` shades it by the report's traffic and outcomes."""
    return flow_diagrams(flow, stats, formats=(fmt,))[fmt]


def flow_diagrams(flow: Flow, stats: FlowReport | None = None, *, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The flow map in each of ``formats`` from one run of ``dot``: the layout, the costly part, is done once."""
    for fmt in formats:
        if fmt not in MAP_FORMATS:
            raise ValueError(f"{fmt!r} is not a diagram format; use svg or png.")
    if shutil.which("dot") is None:
        raise DiagramUnavailable("Graphviz is not installed: apt-get install graphviz (or brew install graphviz).")
    source = flow_graph(flow, stats).source.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="walkbot-map-") as folder:
        outputs = {fmt: Path(folder) / f"map.{fmt}" for fmt in formats}
        command = ["dot"] + [arg for fmt, path in outputs.items() for arg in (f"-T{fmt}", f"-o{path}")]
        subprocess.run(command, input=source, check=True)  # dot's warnings go to stderr, as graphviz.pipe's do
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}


def flow_graph(flow: Flow, stats: FlowReport | None = None) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        name=flow.slug, graph_attr={"rankdir": "TB", "label": _label(_wrap(flow.title, 60)), "labelloc": "t"}
    )
    graph.attr("node", fontname="Helvetica", fontsize="10", style="filled")
    graph.attr("edge", fontname="Helvetica", fontsize="9")
    nodes = {n.node_id: n for n in stats.nodes} if stats else {}
    most = max((n.reached for n in nodes.values()), default=0) or 1
    for node in flow.nodes.values():
        graph.node(node.id, **_node_attrs(node, nodes.get(node.id), most, stats is not None))
    linked: set[str] = set()
    for node in flow.nodes.values():
        taken = {a.option_id: a.walks for a in nodes[node.id].answers} if node.id in nodes else {}
        for target, answer_id, label in _edges(node):
            walks = taken.get(answer_id)
            attrs = {"label": _label(_wrap(label if walks is None else f"{label} ({walks})", 24))}
            if stats is not None:
                attrs["penwidth"] = f"{1 + 5 * (walks or 0) / most:.2f}"
                attrs["color"] = "#455a64" if walks else "#cfd8dc"
            if node.type == "link":
                target = f"linked_flow_{node.flow}"
                if target not in linked:
                    linked.add(target)
                    graph.node(target, label=_label([f"→ flow {node.flow}"]), shape="note", fillcolor="#ede7f6")
                attrs["style"] = "dashed"
            graph.edge(node.id, target, **attrs)
    return graph


def _edges(node: Node) -> list[tuple[str, str, str]]:
    """(target, answer id as walked_path records it, label) for each way out of ``node``."""
    if node.type == "question":
        return [(o.next, o.id, o.label) for o in node.options]
    if node.type == "instruction":
        out = [(node.next, "done", _INSTRUCTION_LABELS["next"])] if node.next else []
        if node.failed_next:
            out.append((node.failed_next, "failed", _INSTRUCTION_LABELS["failed_next"]))
        return out
    if node.type == "input":
        return [(node.next, "value", node.input_label or "value")] if node.next else []
    if node.type == "link" and node.flow:
        return [(node.flow, "link", "continue")]
    return []


def _node_attrs(node: Node, stat: NodeStats | None, most: int, with_stats: bool) -> dict[str, str]:
    shape, fill = _SHAPES.get(node.type, ("box", "#ffffff"))
    lines = [node.id, *_wrap(node.text, 28, limit=90)]
    attrs = {"shape": shape, "fillcolor": fill, "color": "#78909c"}
    if with_stats:
        if stat is None or not stat.reached:
            attrs.update(fillcolor="#fafafa", color="#b0bec5", style="filled,dashed", fontcolor="#90a4ae")
        else:
            shade = 235 - int(115 * stat.reached / most)  # more traffic, darker grey-blue
            attrs["fillcolor"] = f"#{shade:02x}{min(shade + 12, 255):02x}{255:02x}"
            bad, good = stat.ended_badly, stat.resolved_here
            if bad > good:
                attrs["color"] = _REDS
            elif good:
                attrs["color"] = _GREENS
            attrs["penwidth"] = "4" if stat.drop_off else ("2" if bad or good else "1")
            ends = f"reached {stat.reached}"
            if good or bad:
                ends += f" · resolved {good}, escalated {stat.escalated_here}, abandoned {stat.abandoned_here}"
            lines.append(ends)
            if stat.drop_off:
                lines.append("DROP-OFF")
    attrs["label"] = _label(lines)
    return attrs


def _label(lines: list[str]) -> str:
    """Lines joined by DOT's own line break, each line's backslashes escaped."""
    return "\\n".join(graphviz.escape(line) for line in lines)


def _wrap(text: str, width: int, *, limit: int | None = None) -> list[str]:
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return textwrap.wrap(text, width) or [" "]
