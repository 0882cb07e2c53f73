"""Build the next node of an AI-guided walk: one paid call, checked before anyone sees it.

The shell around ``NodeBuilderClient.propose_node``, with no database and no Slack:
the caller reads the session into a ``BuildContext``, stores the returned node in
``pending_node`` (so a refresh replays it instead of paying again), records the usage
and logs the events on the session.

What comes back is always safe to show: the node id is ours (never the model's), a
malformed answer is retried once and then refused, the depth cap and the "escalate
early" rules turn the walk towards an engineer, and a step that breaks the hard floor
(``bot.ai.safety``) is replaced by an escalate node, whatever the model said.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from bot.ai.action_classes import ActionClass
from bot.ai.claude import NodeBuilderClient, add_usage
from bot.ai.errors import AIInvalidOutput, AIUnavailable
from bot.ai.prompts import (
    CONFIDENCE_LEVELS,
    ESCALATION_CATEGORIES,
    MAX_AI_LINKS,
    MAX_AI_OPTIONS,
    MIN_OPTIONS,
    NODE_TYPES,
    BuildContext,
)
from bot.ai.safety import check_fields, floor_escalation_node, match_floor, refusal_reason
from bot.flows.model import MAX_OPTION_LABEL, MAX_SECTION_TEXT, TERMINAL_TYPES

__all__ = ["AIInvalidOutput", "AIUnavailable", "BuildContext", "BuiltNode", "build_next_node", "validate_answer"]

Event = tuple[str, dict[str, Any]]

# Two "didn't work" answers in a row on instruction nodes: stop guessing and hand over.
DIDNT_WORK_LIMIT = 2


class BuiltNode(NamedTuple):
    """``node`` in ``Node.to_dict`` form plus an ``"ai"`` key; ``events`` go to the session log."""

    node: dict[str, Any]
    usage: dict[str, int]
    events: list[Event]


def validate_answer(answer: dict[str, Any] | None) -> list[str]:
    """Why a tool answer cannot become a node, as short problems; empty when it can."""
    if not isinstance(answer, dict):
        return ["no call to the step tool"]
    problems = []
    node_type = answer.get("node_type")
    if node_type not in NODE_TYPES:
        problems.append(f"unknown node_type {node_type!r}")
    text = answer.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append("empty text")
    elif len(text) > MAX_SECTION_TEXT:
        problems.append(f"text longer than {MAX_SECTION_TEXT} characters")
    if node_type == "question":
        options = answer.get("options")
        if not isinstance(options, list) or not MIN_OPTIONS <= len(options) <= MAX_AI_OPTIONS:
            problems.append(f"a question needs {MIN_OPTIONS} to {MAX_AI_OPTIONS} options")
        else:
            labels = [o.strip() if isinstance(o, str) else "" for o in options]
            if any(not label for label in labels):
                problems.append("an empty option label")
            if any(len(label) > MAX_OPTION_LABEL for label in labels):
                problems.append(f"an option label longer than {MAX_OPTION_LABEL} characters")
            if len({label.lower() for label in labels}) != len(labels):
                problems.append("two options with the same label")
    help_text = answer.get("help")
    if help_text is not None and (not isinstance(help_text, str) or len(help_text) > MAX_SECTION_TEXT):
        problems.append(f"help must be text of at most {MAX_SECTION_TEXT} characters")
    links = answer.get("links")
    if links is not None and (
        not isinstance(links, list)
        or len(links) > MAX_AI_LINKS
        or not all(
            isinstance(lk, dict)
            and isinstance(lk.get("title"), str)
            and lk["title"].strip()
            and isinstance(lk.get("url"), str)
            and lk["url"].startswith(("https://", "http://"))
            for lk in links
        )
    ):
        problems.append(f"links must be at most {MAX_AI_LINKS} objects with a title and an http(s) url")
    return problems


def _rationale(answer: dict[str, Any]) -> str:
    """The model's one-line reason, withheld when it names a forbidden step (a card may show it)."""
    rationale = " ".join(str(answer.get("rationale") or "").split())[:300]
    hit = match_floor(rationale)
    return f"(withheld: mentions a {hit[0].value} step)" if hit else rationale


def _ai(answer: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    confidence = answer.get("confidence")
    info = {
        "action_class": answer.get("action_class"),
        "rationale": _rationale(answer),
        "confidence": confidence if confidence in CONFIDENCE_LEVELS else "medium",
    }
    info.update(overrides)
    return info


def _node_from_answer(answer: dict[str, Any], node_id: str) -> dict[str, Any]:
    node_type = answer["node_type"]
    node: dict[str, Any] = {"id": node_id, "type": node_type, "text": answer["text"].strip()}
    if isinstance(answer.get("help"), str) and answer["help"].strip():
        node["help"] = answer["help"].strip()
    if answer.get("links"):
        node["links"] = [{"title": lk["title"].strip(), "url": lk["url"].strip()} for lk in answer["links"]]
    if node_type == "question":
        node["options"] = [
            {"id": f"o{i}", "label": label.strip(), "next": ""} for i, label in enumerate(answer["options"], start=1)
        ]
    elif node_type == "instruction":
        node["next"] = ""
        node["failed_next"] = ""
    elif node_type == "escalate":
        category = answer.get("escalation_category")
        node["category"] = category if category in ESCALATION_CATEGORIES else "other"
    node["ai"] = _ai(answer)
    return node


def _escalation(node_id: str, text: str, category: str, replaced: str, rationale: str) -> dict[str, Any]:
    """An escalate node the server wrote (not the model), so it is always within the floor."""
    return {
        "id": node_id,
        "type": "escalate",
        "text": text,
        "category": category,
        "ai": {
            "action_class": ActionClass.L1_SAFE.value,
            "rationale": rationale,
            "confidence": "high",
            "replaced": replaced,
        },
    }


def _didnt_work_node(node_id: str) -> dict[str, Any]:
    return _escalation(
        node_id,
        "Two suggested steps in a row didn't work. Escalate to an engineer with your notes so far rather than "
        "trying more guesses on the customer's machine.",
        "flow_dead_end",
        "didnt_work",
        f"{DIDNT_WORK_LIMIT} 'didn't work' answers in a row",
    )


async def _ask(client: NodeBuilderClient, context: BuildContext, spent: dict[str, int]) -> tuple[Any, dict[str, int]]:
    try:
        reply = await client.propose_node(context)
    except AIUnavailable as error:
        error.usage = add_usage(spent, error.usage)
        raise
    return reply, add_usage(spent, reply.usage)


async def build_next_node(
    client: NodeBuilderClient, context: BuildContext, *, node_id: str, extra_denies: Sequence[str] = ()
) -> BuiltNode:
    """The next node for the walk in ``context``, with the usage of the calls made and what happened.

    Every field of the node is checked against the hard floor and the account's own
    ``extra_denies`` phrases before it is returned.

    Raises ``AIUnavailable`` (Claude could not answer) or ``AIInvalidOutput`` (two
    malformed answers); both carry the usage already spent.
    """
    events: list[Event] = []
    if context.consecutive_didnt_work >= DIDNT_WORK_LIMIT:
        # No call at all: nothing the model says would change the answer.
        events.append(("escalated_early", {"reason": "didnt_work", "count": context.consecutive_didnt_work}))
        return BuiltNode(_didnt_work_node(node_id), add_usage(), events)

    reply, usage = await _ask(client, context, add_usage())
    answer = reply.tool_input
    problems = validate_answer(answer)
    if problems:
        events.append(("invalid_output_retried", {"problems": problems}))
        reply, usage = await _ask(client, context, usage)
        answer = reply.tool_input
        problems = validate_answer(answer)
        if problems:
            raise AIInvalidOutput(
                "Claude's suggestion could not be shown (" + "; ".join(problems) + "). Continue ad-hoc.",
                problems=problems,
                usage=usage,
            )
    assert answer is not None  # validated above

    shown = _node_from_answer(answer, node_id)
    verdict = check_fields(shown, answer.get("action_class"), extra_denies=extra_denies)
    if not verdict.allowed:
        blocked = verdict.action_class.value if verdict.action_class else None
        events.append(
            (
                "floor_blocked",
                {
                    "class": blocked,
                    "declared_class": answer.get("action_class"),
                    "matched": verdict.matched,
                    "field": verdict.field,
                    "account_phrase": verdict.account_phrase,
                    "reason": refusal_reason(verdict),
                    "node_type": answer["node_type"],
                    "text": answer["text"],
                    "options": [o["label"] for o in shown.get("options", ())],
                },
            )
        )
        node = floor_escalation_node(verdict, node_id)
        node["ai"] = _ai(answer, action_class=ActionClass.L1_SAFE.value, replaced="floor", blocked_class=blocked)
        return BuiltNode(node, usage, events)

    if answer["node_type"] not in TERMINAL_TYPES and context.must_finish:
        events.append(("depth_cap_reached", {"depth": context.depth, "node_type": answer["node_type"]}))
        node = _escalation(
            node_id,
            f"Depth cap reached: {context.depth} steps walked without a fix. Escalate to an engineer with your notes.",
            "flow_dead_end",
            "depth_cap",
            _rationale(answer) or "depth cap reached",
        )
        return BuiltNode(node, usage, events)

    if answer.get("confidence") == "low" and answer["node_type"] != "escalate":
        events.append(("escalated_early", {"reason": "low_confidence", "node_type": answer["node_type"]}))
        node = _escalation(
            node_id,
            "The AI is not confident about the next step. Escalate to an engineer with your notes so far.",
            "outside_l1_scope",
            "low_confidence",
            _rationale(answer) or "low confidence",
        )
        return BuiltNode(node, usage, events)

    return BuiltNode(shown, usage, events)
