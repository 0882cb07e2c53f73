"""Flow insights: which flows resolve, where walks get stuck, and what to build next.

Figures come from ``storage.queries.insights`` (computed in PostgreSQL); this package assembles
them into a typed ``Report`` (``report``), masks secrets in quoted notes (``redaction``), and
renders text, JSON, HTML with inline SVG (``text_report``, ``json_report``, ``html_report``)
and flow maps (``diagram``). Definitions: docs/insights.md.
"""
