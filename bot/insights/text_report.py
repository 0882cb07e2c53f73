"""``walkbot report``: the report as plain text for a terminal."""

from __future__ import annotations

from bot.insights.formatting import candidate_walk_label, categories, duration, percent
from bot.insights.report import GroupReport, Outcomes, Report


def report_text(report: Report) -> str:
    lines = [
        f"walkbot report: walks started {report.since:%Y-%m-%d %H:%M} – {report.until:%Y-%m-%d %H:%M} UTC"
        + (f" (days counted in {report.timezone})" if report.timezone != "UTC" else ""),
    ]
    if report.flow_filter:
        lines.append(f"flow: {report.flow_filter}")
    if report.technician_filter:
        lines.append(f"technician: {report.technician_filter}")
    if not report.flows and not report.kinds:
        lines += ["", "No walks in this period."]
        return "\n".join(lines) + "\n"
    for flow in report.flows:
        lines += ["", f"== {flow.title} ({flow.slug})", *_outcome_lines(flow.outcomes)]
        lines.append(f"  top escalation categories: {categories(flow.top_categories)}")
        if flow.drop_off_node:
            node = next(n for n in flow.nodes if n.node_id == flow.drop_off_node)
            lines.append(
                f"  DROP-OFF: {node.node_id} — {node.ended_badly} of {node.reached} walks ended there "
                f"({node.escalated_here} escalated, {node.abandoned_here} abandoned)"
            )
            lines += [f"    note: {n.text}" for n in flow.drop_off_notes]
        else:
            lines.append("  drop-off: none")
        lines.append("  nodes (reached · resolved/escalated/abandoned there · left by answer):")
        for node in flow.nodes:
            flag = " <- drop-off" if node.drop_off else ""
            left = ", ".join(f"{a.label} {a.walks}" for a in node.answers) or "—"
            lines.append(
                f"    {node.node_id:24} {node.reached:>5} · {node.resolved_here}/{node.escalated_here}/"
                f"{node.abandoned_here} · {left}{flag}"
            )
        for version in flow.versions:
            o = version.outcomes
            lines.append(
                f"  v{version.version}: {o.walks} walks, resolved {percent(o.share(o.resolved))}, "
                f"escalated {percent(o.share(o.escalated))}, abandoned {percent(o.share(o.abandoned))}, "
                f"median {duration(o.median_seconds_to_resolve)}, helpful {percent(o.helpful_rate)}, "
                f"drop-off {version.drop_off_node or 'none'}"
            )
    for kind in report.kinds:
        lines += ["", f"== {kind.label} ({kind.kind})", *_outcome_lines(kind.outcomes)]
        lines.append(f"  top escalation categories: {categories(kind.top_categories)}")
    for title, groups in (("customer", report.customers), ("board", report.boards), ("technician", report.technicians)):
        if groups:
            lines += ["", f"== per {title}", *(_group_line(g) for g in groups)]
    if report.candidates:
        lines += ["", "== candidates for new flows (recurring ad-hoc / AI walks with no published flow)"]
        for c in report.candidates:
            head = f"  {c.category} · “{c.word}”: {c.walks} walks, {c.resolved} resolved"
            if not c.resolved_walks:
                lines.append(f"{head} — none resolved yet")
                continue
            lines.append(f"{head} — Propose as flow (/walk proposals) from:")
            lines += [f"    {candidate_walk_label(w)}" for w in c.resolved_walks]
    return "\n".join(lines) + "\n"


def _outcome_lines(o: Outcomes) -> list[str]:
    return [
        f"  walks {o.walks}: resolved {o.resolved} ({percent(o.share(o.resolved))}), escalated {o.escalated} "
        f"({percent(o.share(o.escalated))}), abandoned {o.abandoned} ({percent(o.share(o.abandoned))}), "
        f"active {o.active}",
        f"  time to resolve: median {duration(o.median_seconds_to_resolve)}, p90 {duration(o.p90_seconds_to_resolve)}"
        f" · helpful {percent(o.helpful_rate)} of {o.helpful_answers} answers",
    ]


def _group_line(g: GroupReport) -> str:
    o = g.outcomes
    return (
        f"  {g.label:32} {o.walks:>5} walks · resolved {percent(o.share(o.resolved))} · escalated "
        f"{percent(o.share(o.escalated))} · abandoned {percent(o.share(o.abandoned))} · median "
        f"{duration(o.median_seconds_to_resolve)}"
    )
