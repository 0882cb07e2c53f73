"""Escalation reason categories: the fixed list the escalate modal offers and the engine accepts."""

ESCALATION_CATEGORIES: dict[str, str] = {
    "needs_admin_access": "Needs admin access",
    "hardware_fault": "Hardware fault",
    "outside_l1_scope": "Outside L1 scope",
    "flow_dead_end": "Flow dead end",
    "customer_unavailable": "Customer unavailable",
    "other": "Other",
}
