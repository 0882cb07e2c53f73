"""``walkbot report --html FILE``: one self-contained page (inline CSS and SVG, no script, no external asset).

Key figures carry ``data-figure`` attributes so a browser test can read them from the DOM.
Flow maps, when given, are Graphviz SVGs embedded inline.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from bot.insights.formatting import candidate_walk_label, categories, duration, percent
from bot.insights.report import FlowReport, Outcomes, Report
from bot.insights.svg_charts import OUTCOME_COLOURS, node_bars, outcome_bar

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#263238;max-width:1100px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #cfd8dc}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #cfd8dc;padding:.25rem .5rem;text-align:left}
th{background:#eceff1}.num{text-align:right}.drop{background:#ffebee}.muted{color:#607d8b}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #c62828;color:#455a64}
.map svg{max-width:100%;height:auto}
"""


def report_html(report: Report, *, flow_maps: Mapping[str, str] | None = None) -> str:
    maps = flow_maps or {}
    period = f"{report.since:%Y-%m-%d %H:%M} – {report.until:%Y-%m-%d %H:%M} UTC"
    body = [
        "<h1>walkbot flow insights</h1>",
        f'<p class="muted">Walks started {escape(period)}; days counted in {escape(report.timezone)}.'
        + (f" Flow: {escape(report.flow_filter)}." if report.flow_filter else "")
        + (f" Technician: {escape(report.technician_filter)}." if report.technician_filter else "")
        + " Definitions: docs/insights.md.</p>",
        '<p class="legend">'
        + "".join(f'<span><i style="background:{c}"></i>{n}</span>' for n, c in OUTCOME_COLOURS.items())
        + "</p>",
    ]
    if not report.flows and not report.kinds:
        body.append('<p id="empty">No walks in this period.</p>')
    if report.flows:
        body.append(_summary_table(report))
    for flow in report.flows:
        body.append(_flow_section(flow, maps.get(flow.slug)))
    if report.kinds:
        body.append("<h2>Ad-hoc and AI walks</h2>")
        body.append(_groups_table([(k.label, k.outcomes) for k in report.kinds], "kind", "kinds"))
    for title, key, groups in (
        ("Per customer", "customers", report.customers),
        ("Per board", "boards", report.boards),
        ("Per technician", "technicians", report.technicians),
    ):
        if groups:
            body.append(f"<h2>{title}</h2>")
            body.append(_groups_table([(g.label, g.outcomes) for g in groups], title.split()[-1], key))
    if report.candidates:
        body.append(
            '<h2>Candidates for new flows</h2><table id="candidates"><tr><th>category</th><th>word</th>'
            '<th class="num">walks</th><th class="num">resolved</th><th>resolved walks (could be proposed)</th></tr>'
        )
        for c in report.candidates:
            walks = "<br>".join(escape(candidate_walk_label(w)) for w in c.resolved_walks) or "none resolved yet"
            body.append(
                f'<tr><td>{escape(c.category)}</td><td>{escape(c.word)}</td><td class="num">{c.walks}</td>'
                f'<td class="num">{c.resolved}</td><td class="tickets">{walks}</td></tr>'
            )
        body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>walkbot report {report.since:%Y-%m-%d} – {report.until:%Y-%m-%d}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _summary_table(report: Report) -> str:
    rows = [
        '<h2>Flows</h2><table id="summary"><tr><th>flow</th><th class="num">walks</th><th class="num">resolved</th>'
        '<th class="num">escalated</th><th class="num">abandoned</th><th class="num">active</th>'
        '<th class="num">median to resolve</th><th class="num">helpful</th><th>drop-off node</th></tr>'
    ]
    for f in report.flows:
        o = f.outcomes
        rows.append(
            f'<tr data-slug="{escape(f.slug)}"><td><a href="#flow-{escape(f.slug)}">{escape(f.title)}</a></td>'
            f'<td class="num" data-figure="walks">{o.walks}</td>'
            f'<td class="num" data-figure="resolved">{o.resolved} ({percent(o.share(o.resolved))})</td>'
            f'<td class="num" data-figure="escalated">{o.escalated} ({percent(o.share(o.escalated))})</td>'
            f'<td class="num" data-figure="abandoned">{o.abandoned} ({percent(o.share(o.abandoned))})</td>'
            f'<td class="num" data-figure="active">{o.active}</td>'
            f'<td class="num" data-figure="median">{duration(o.median_seconds_to_resolve)}</td>'
            f'<td class="num" data-figure="helpful">{percent(o.helpful_rate)}</td>'
            f'<td data-figure="drop-off">{escape(f.drop_off_node or "—")}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def _flow_section(flow: FlowReport, flow_map: str | None) -> str:
    o = flow.outcomes
    out = [
        f'<section id="flow-{escape(flow.slug)}" data-slug="{escape(flow.slug)}">',
        f'<h2>{escape(flow.title)} <span class="muted">({escape(flow.slug)})</span></h2>',
        outcome_bar(o),
        f'<p>{o.walks} walks · time to resolve: median <b data-figure="median">{duration(o.median_seconds_to_resolve)}'
        f'</b>, p90 <b data-figure="p90">{duration(o.p90_seconds_to_resolve)}</b> · helpful '
        f'<b data-figure="helpful">{percent(o.helpful_rate)}</b> of {o.helpful_answers} answers · top escalation '
        f'categories: <span data-figure="categories">{escape(categories(flow.top_categories))}</span></p>',
    ]
    if flow.drop_off_node:
        node = next(n for n in flow.nodes if n.node_id == flow.drop_off_node)
        out.append(
            f'<p class="drop" data-figure="drop-off-node">Drop-off: <b>{escape(node.node_id)}</b> — {node.ended_badly} of '
            f"{node.reached} walks that reached it ended there ({node.escalated_here} escalated, "
            f"{node.abandoned_here} abandoned). <i>{escape(node.text)}</i></p>"
        )
        out += [f"<blockquote>{escape(n.text)}</blockquote>" for n in flow.drop_off_notes]
    out.append(node_bars(flow.nodes))
    out.append(
        '<table class="nodes"><tr><th>node</th><th>type</th><th class="num">reached</th><th>left by answer</th>'
        '<th class="num">resolved here</th><th class="num">escalated here</th><th class="num">abandoned here</th></tr>'
    )
    for n in flow.nodes:
        left = ", ".join(f"{escape(a.label)}: {a.walks}" for a in n.answers) or "—"
        drop = ' class="drop"' if n.drop_off else ""
        out.append(
            f'<tr data-node="{escape(n.node_id)}"{drop}><td>{escape(n.node_id)}</td>'
            f'<td>{escape(n.node_type)}</td><td class="num">{n.reached}</td><td>{left}</td>'
            f'<td class="num">{n.resolved_here}</td><td class="num">{n.escalated_here}</td>'
            f'<td class="num">{n.abandoned_here}</td></tr>'
        )
    out.append("</table>")
    if flow.versions:
        out.append(
            '<h3>Per version</h3><table class="versions"><tr><th>version</th><th class="num">walks</th>'
            '<th class="num">resolved</th><th class="num">escalated</th><th class="num">abandoned</th>'
            '<th class="num">median</th><th class="num">p90</th><th class="num">helpful</th><th>drop-off</th></tr>'
        )
        for v in flow.versions:
            vo = v.outcomes
            out.append(
                f'<tr data-version="{v.version}"><td>v{v.version}</td><td class="num">{vo.walks}</td>'
                f'<td class="num">{percent(vo.share(vo.resolved))}</td><td class="num">{percent(vo.share(vo.escalated))}</td>'
                f'<td class="num">{percent(vo.share(vo.abandoned))}</td>'
                f'<td class="num">{duration(vo.median_seconds_to_resolve)}</td>'
                f'<td class="num">{duration(vo.p90_seconds_to_resolve)}</td><td class="num">{percent(vo.helpful_rate)}</td>'
                f"<td>{escape(v.drop_off_node or '—')}</td></tr>"
            )
        out.append("</table>")
    if flow_map:
        out.append(f'<h3>Flow map</h3><div class="map">{flow_map}</div>')
    out.append("</section>")
    return "".join(out)


def _groups_table(rows: list[tuple[str, Outcomes]], head: str, table_id: str) -> str:
    out = [
        f'<table id="{table_id}"><tr><th>{escape(head)}</th><th class="num">walks</th><th class="num">resolved</th>'
        '<th class="num">escalated</th><th class="num">abandoned</th><th class="num">active</th>'
        '<th class="num">median to resolve</th><th class="num">helpful</th></tr>'
    ]
    for label, o in rows:
        out.append(
            f'<tr><td>{escape(label)}</td><td class="num">{o.walks}</td><td class="num">{o.resolved}</td>'
            f'<td class="num">{o.escalated}</td><td class="num">{o.abandoned}</td><td class="num">{o.active}</td>'
            f'<td class="num">{duration(o.median_seconds_to_resolve)}</td><td class="num">{percent(o.helpful_rate)}</td></tr>'
        )
    out.append("</table>")
    return "".join(out)
