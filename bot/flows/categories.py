"""Escalation reason categories: the one list flows may name, Claude may choose, the engine accepts and the
escalate modal, handoff cards and lists show (key -> label)."""

ESCALATION_CATEGORIES: dict[str, str] = {
    "needs_admin_access": "Needs admin access",
    "hardware_fault": "Hardware fault",
    "outside_l1_scope": "Outside L1 scope",
    "flow_dead_end": "Flow dead end",
    "customer_unavailable": "Customer unavailable",
    "other": "Other",
}
