"""Flow maps: every shipped flow lays out without a Graphviz warning; --stats marks traffic and the drop-off."""

import html
import os
import re
import shutil
from pathlib import Path

import pytest

from bot.flows.loader import load_flow_files
from bot.insights.diagram import flow_diagram, flow_diagrams
from tests.commands.cli import walkbot
from tests.insights.seed import seed, standard_walks

ROOT = Path(__file__).resolve().parents[2]
SHIPPED, _ = load_flow_files(sorted((ROOT / "flows").glob("*.yaml")), allow_needs_review=False)


@pytest.mark.parametrize("flow", SHIPPED, ids=[f.slug for f in SHIPPED])
def test_each_shipped_flow_renders_every_node_and_answer(flow, capfd):
    svg = flow_diagram(flow, fmt="svg").decode()
    assert capfd.readouterr().err == ""  # dot warns on stderr about anything it could not lay out
    titles = {html.unescape(t) for t in re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]+)</title>', svg)}
    assert set(flow.nodes) <= titles
    edges = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    for node in flow.nodes.values():
        for option in node.options:
            assert option.label.split()[0] in edges, (node.id, option.label)


def test_png_is_a_png():
    assert flow_diagram(SHIPPED[0], fmt="png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="use svg or png"):
        flow_diagram(SHIPPED[0], fmt="gif")


async def test_diagram_with_stats_marks_the_drop_off_node(database_url, db, tmp_path):
    async with db.begin() as s:
        await seed(s, standard_walks())
    result = walkbot(
        database_url, "flows", "--team", "T1", "diagram", "printer", "--stats", "-o", "map.svg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "wrote map.svg (printer, 5 nodes, 8 walks)" in result.stdout
    svg = (tmp_path / "map.svg").read_text()
    panel = svg[svg.index("<title>panel</title>") :].split("</g>")[0]
    assert 'stroke="#c62828"' in panel and 'stroke-width="4"' in panel and "DROP&#45;OFF" in panel
    queue = svg[svg.index("<title>queue</title>") :].split("</g>")[0]
    assert "reached 4" in queue and "DROP" not in queue
    assert "Only this user (4)" in svg  # edges carry the walks that took them

    png = walkbot(database_url, "flows", "--team", "T1", "diagram", "printer", "-o", "map.png", cwd=tmp_path)
    assert png.returncode == 0 and (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    missing = walkbot(database_url, "flows", "--team", "T1", "diagram", "nope", cwd=tmp_path)
    assert missing.returncode == 1 and "no flow 'nope'" in missing.stderr


def test_both_formats_come_from_one_layout(tmp_path, monkeypatch):
    """The report needs PNG and SVG of each flow: one `dot` run writes both (layout is the costly part)."""
    log = tmp_path / "dot-runs.log"
    wrapper = tmp_path / "dot"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {shutil.which("dot")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")

    maps = flow_diagrams(SHIPPED[0], formats=("png", "svg"))

    assert maps["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert maps["svg"] == flow_diagram(SHIPPED[0], fmt="svg")
    runs = log.read_text().splitlines()
    assert len(runs) == 2  # the pair above, then the single SVG it is compared with
    assert "-Tpng" in runs[0] and "-Tsvg" in runs[0]
