"""The HTML report and the flow maps, opened in a real headless Chromium: no console error, no request
leaving the file, the key figures in the DOM. Screenshots are kept in .artifacts/ for a person to look at."""

from pathlib import Path

import pytest

from bot.flows.loader import load_flow_files
from bot.insights.diagram import flow_diagram
from bot.insights.flow_maps import inline_svgs, report_flow_maps
from bot.insights.html_report import report_html
from bot.insights.report import build_report
from storage.queries.insights import Period
from tests.insights.browser import artifacts_dir, browser_page
from tests.insights.seed import NOW, SINCE, seed, standard_walks

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


async def test_html_report_renders_in_chromium_with_its_figures(db, tmp_path):
    async with db.begin() as s:
        seeded = await seed(s, standard_walks())
    async with db.begin() as s:
        report = await build_report(s, Period(seeded.account_id, SINCE, NOW), with_technicians=True)
    page_file = tmp_path / "report.html"
    page_file.write_text(report_html(report, flow_maps=inline_svgs(report_flow_maps(report))), encoding="utf-8")

    async with browser_page() as browser:
        page = browser.page
        await page.goto(page_file.as_uri())
        printer = page.locator('#summary tr[data-slug="printer"]')
        assert await printer.locator('[data-figure="walks"]').inner_text() == "8"
        assert await printer.locator('[data-figure="resolved"]').inner_text() == "3 (38%)"
        assert await printer.locator('[data-figure="escalated"]').inner_text() == "3 (38%)"
        assert await printer.locator('[data-figure="median"]').inner_text() == "10m 00s"
        assert await printer.locator('[data-figure="helpful"]').inner_text() == "50%"
        assert await printer.locator('[data-figure="drop-off"]').inner_text() == "panel"
        section = page.locator("#flow-printer")
        assert await section.locator('[data-figure="p90"]').inner_text() == "18m 00s"
        assert "Drop-off: panel" in await section.locator('[data-figure="drop-off-node"]').inner_text()
        assert await section.locator('tr[data-node="panel"].drop').count() == 1
        # the flow map is inline SVG laid out by Graphviz, one <g class="node"> per node of the flow
        assert await section.locator(".map svg g.node").count() == 5
        assert await page.locator("svg").count() >= 6
        assert await page.locator("#technicians").count() == 1
        await page.screenshot(path=str(artifacts_dir() / "insights-report.png"), full_page=True)

    assert browser.console_errors == []
    assert browser.outside_requests == []


async def test_every_shipped_flow_map_renders_in_chromium(tmp_path):
    flows, errors = load_flow_files(sorted((ROOT / "flows").glob("*.yaml")), allow_needs_review=False)
    assert not errors and flows
    async with browser_page() as browser:
        for flow in flows:
            svg_file = tmp_path / f"{flow.slug}.svg"
            svg_file.write_bytes(flow_diagram(flow, fmt="svg"))
            await browser.page.goto(svg_file.as_uri())
            drawn = await browser.page.locator("g.node title").all_text_contents()
            assert set(flow.nodes) <= set(drawn), flow.slug
            if flow.slug == "printer-offline":
                await browser.page.screenshot(path=str(artifacts_dir() / "flow-map-printer-offline.png"))
    assert browser.console_errors == []
    assert browser.outside_requests == []
