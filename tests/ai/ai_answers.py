"""Tool answers as Claude gives them, for scripting the fake."""

from __future__ import annotations

from typing import Any


def answer(node_type: str = "instruction", text: str = "Restart the printer.", **fields: Any) -> dict[str, Any]:
    """A tool answer as Claude would give it; ``fields`` override or add keys."""
    data: dict[str, Any] = {
        "node_type": node_type,
        "text": text,
        "action_class": "l1_safe",
        "rationale": "The printer may be stuck.",
        "confidence": "high",
    }
    data.update(fields)
    return data
