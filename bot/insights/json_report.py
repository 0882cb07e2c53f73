"""``walkbot report --json``: the report's figures as plain JSON, one object per flow, for scripts and dashboards.

Counts are walks; ``*_share`` are fractions of ``walks``; ``helpful_rate`` is a 0–1 fraction or
null when nobody answered; times are seconds (null when nothing resolved).
"""

from __future__ import annotations

import json
from typing import Any

from bot.insights.report import FlowReport, GroupReport, NodeStats, Outcomes, Report, VersionReport


def report_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


def report_dict(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "period": {
            "since": report.since.isoformat(),
            "until": report.until.isoformat(),
            "timezone": report.timezone,
            "flow": report.flow_filter,
            "technician": report.technician_filter,
        },
        "flows": [_flow(f) for f in report.flows],
        "kinds": [
            {
                "kind": k.kind,
                "label": k.label,
                **_outcomes(k.outcomes),
                "top_escalation_categories": _cats(k.top_categories),
            }
            for k in report.kinds
        ],
        "customers": [_group(g) for g in report.customers],
        "boards": [_group(g) for g in report.boards],
        "candidates": [
            {
                "category": c.category,
                "word": c.word,
                "walks": c.walks,
                "resolved": c.resolved,
                "resolved_session_ids": [str(i) for i in c.resolved_session_ids],
                "resolved_walks": [
                    {
                        "session_id": str(w.session_id),
                        "ticket": w.ticket,
                        "company": w.company,
                        "draft_slug": w.draft_slug,
                    }
                    for w in c.resolved_walks
                ],
            }
            for c in report.candidates
        ],
    }
    if report.technicians is not None:
        out["technicians"] = [_group(g) for g in report.technicians]
    return out


def _outcomes(o: Outcomes) -> dict[str, Any]:
    return {
        "walks": o.walks,
        "resolved": o.resolved,
        "escalated": o.escalated,
        "abandoned": o.abandoned,
        "active": o.active,
        "resolved_share": o.share(o.resolved),
        "escalated_share": o.share(o.escalated),
        "abandoned_share": o.share(o.abandoned),
        "active_share": o.share(o.active),
        "median_seconds_to_resolve": o.median_seconds_to_resolve,
        "p90_seconds_to_resolve": o.p90_seconds_to_resolve,
        "helpful_rate": o.helpful_rate,
        "helpful_answers": o.helpful_answers,
    }


def _cats(pairs: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    return [{"category": name, "escalations": count} for name, count in pairs]


def _node(n: NodeStats) -> dict[str, Any]:
    return {
        "id": n.node_id,
        "type": n.node_type,
        "text": n.text,
        "reached": n.reached,
        "answers": [{"option_id": a.option_id, "label": a.label, "walks": a.walks} for a in n.answers],
        "ended_resolved": n.resolved_here,
        "ended_escalated": n.escalated_here,
        "ended_abandoned": n.abandoned_here,
        "drop_off": n.drop_off,
    }


def _version(v: VersionReport) -> dict[str, Any]:
    return {
        "version": v.version,
        **_outcomes(v.outcomes),
        "top_escalation_categories": _cats(v.top_categories),
        "drop_off_node": v.drop_off_node,
        "nodes": [_node(n) for n in v.nodes],
    }


def _flow(f: FlowReport) -> dict[str, Any]:
    return {
        "slug": f.slug,
        "title": f.title,
        **_outcomes(f.outcomes),
        "top_escalation_categories": _cats(f.top_categories),
        "drop_off_node": f.drop_off_node,
        "drop_off_notes": [{"text": n.text, "author": n.author, "at": n.at} for n in f.drop_off_notes],
        "nodes": [_node(n) for n in f.nodes],
        "versions": [_version(v) for v in f.versions],
    }


def _group(g: GroupReport) -> dict[str, Any]:
    return {"key": g.key, "label": g.label, **_outcomes(g.outcomes)}
