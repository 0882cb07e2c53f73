"""How an account wants walks written back to its PSA, beyond the note itself (``accounts.psa_writeback``).

Every choice defaults to the quiet one: no status moves, no resolution text where a customer could
read it, no time logged. Statuses are names on ConnectWise (they belong to a board) and ids on
Autotask (one picklist) and Halo (one status list); ``walkbot accounts writeback`` checks them against the
PSA before saving, so a typo is reported then, not when a note fails days later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class WritebackSettings:
    status_on_escalate: str | None = None
    status_on_pickup: str | None = None
    status_on_resolve: str | None = None  # falls back to PSA_STATUS_ON_RESOLVE
    assign_on_pickup: bool = True  # the engineer who picks an escalation up becomes the ticket's owner/agent
    # The technician's resolution text in the PSA's resolution section (customer-visible on most boards).
    resolution_text: bool = False
    time_entries: bool = False
    time_billable: bool = False
    work_type: str | None = None  # ConnectWise work type name; Autotask billing code id (work type)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> WritebackSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def statuses(self) -> dict[str, str]:
        """The configured statuses by the setting that names them, for validation."""
        named = {
            "status_on_escalate": self.status_on_escalate,
            "status_on_pickup": self.status_on_pickup,
            "status_on_resolve": self.status_on_resolve,
        }
        return {k: v for k, v in named.items() if v}
