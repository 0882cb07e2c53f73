"""A flow's identity for publishing: re-importing an unchanged file must publish nothing."""

from __future__ import annotations

import hashlib
import json

from bot.flows.model import Flow


def flow_fingerprint(flow: Flow) -> str:
    """sha256 of the canonical JSON of ``flow.to_dict()`` (sorted keys, no whitespace, UTF-8).

    Node order is part of the fingerprint: it is the order export writes and authors read.
    """
    canonical = json.dumps(flow.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
