"""Building one AI step: one call when the answer is good, checked and replaced when it is not."""

from __future__ import annotations

import dataclasses

import pytest

from bot.ai.builder import AIInvalidOutput, AIUnavailable, BuildContext, build_next_node
from bot.flows.model import Node
from tests.ai.ai_answers import answer

CONTEXT = BuildContext(
    ticket_label="Ticket #88 · Outlook keeps asking for password",
    category="email_client",
    problem_text="Outlook prompts for the password every few minutes.",
    steps=[("Does Outlook on the web work?", "Yes")],
    notes=[],
    depth=1,
    max_depth=12,
    consecutive_didnt_work=0,
)


async def test_a_valid_question_costs_one_request_and_gets_our_ids(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(
        answer("question", "Where does the prompt appear?", options=["Outlook desktop", " Teams ", "Both"], id="x9")
    )
    built = await build_next_node(claude, CONTEXT, node_id="ai-2-abc")
    assert len(fake_anthropic.requests) == 1
    assert built.node["id"] == "ai-2-abc"
    assert built.node["type"] == "question"
    assert built.node["options"] == [
        {"id": "o1", "label": "Outlook desktop", "next": ""},
        {"id": "o2", "label": "Teams", "next": ""},
        {"id": "o3", "label": "Both", "next": ""},
    ]
    assert built.node["ai"] == {
        "action_class": "l1_safe",
        "rationale": "The printer may be stuck.",
        "confidence": "high",
    }
    assert built.events == []
    without_ai = {k: v for k, v in built.node.items() if k != "ai"}
    assert Node.from_dict(without_ai).to_dict() == without_ai


async def test_an_instruction_gets_empty_next_and_failed_next(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Sign out of Outlook and sign back in."))
    node = (await build_next_node(claude, CONTEXT, node_id="n1")).node
    assert (node["type"], node["next"], node["failed_next"]) == ("instruction", "", "")
    assert "options" not in node


async def test_a_model_escalation_keeps_its_category_and_an_unknown_one_becomes_other(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("escalate", "The mailbox is on hold.", escalation_category="outside_l1_scope"))
    fake_anthropic.reply_tool_use(answer("escalate", "The mailbox is on hold.", escalation_category="urgent!!"))
    assert (await build_next_node(claude, CONTEXT, node_id="a")).node["category"] == "outside_l1_scope"
    assert (await build_next_node(claude, CONTEXT, node_id="b")).node["category"] == "other"


async def test_usage_of_the_call_is_returned(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(
        answer("resolve", "Signed out and in; fixed."),
        usage={
            "input_tokens": 10,
            "output_tokens": 20,
            "cache_read_input_tokens": 30,
            "cache_creation_input_tokens": 0,
        },
    )
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.usage == {
        "input_tokens": 10,
        "output_tokens": 20,
        "cache_read_input_tokens": 30,
        "cache_creation_input_tokens": 0,
    }


# ── invalid output: retried once, then refused ──


@pytest.mark.parametrize(
    "bad",
    [
        answer("question", "Which one?", options=["Only one"]),
        answer("question", "Which one?", options=[f"Option {i}" for i in range(7)]),
        answer("question", "Which one?", options=["Fine", "x" * 76]),
        answer("question", "Which one?", options=["Fine", "  "]),
        answer("instruction", ""),
        answer("instruction", "x" * 3001),
        answer("diagnose", "Check things."),
    ],
)
async def test_an_invalid_answer_is_retried_once_and_the_retry_is_used(fake_anthropic, claude, bad):
    usage = {"input_tokens": 5, "output_tokens": 5, "cache_read_input_tokens": 5, "cache_creation_input_tokens": 5}
    fake_anthropic.reply_tool_use(bad, usage=usage)
    fake_anthropic.reply_tool_use(answer("instruction", "Restart Outlook."), usage=usage)
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert len(fake_anthropic.requests) == 2
    assert built.node["text"] == "Restart Outlook."
    assert [kind for kind, _ in built.events] == ["invalid_output_retried"]
    assert built.usage == {k: 10 for k in usage}  # both calls paid for


async def test_two_invalid_answers_raise_with_the_usage_of_both(fake_anthropic, claude):
    fake_anthropic.reply_text("Sure! First, restart.")
    fake_anthropic.reply_tool_use(answer("question", "Which?", options=["A"]))
    fake_anthropic.reply_tool_use(answer())  # must never be asked for
    with pytest.raises(AIInvalidOutput) as caught:
        await build_next_node(claude, CONTEXT, node_id="n")
    assert len(fake_anthropic.requests) == 2
    assert "Continue ad-hoc" in caught.value.message
    assert caught.value.usage["output_tokens"] > 0
    assert fake_anthropic.pending == 1


async def test_an_outage_on_the_retry_keeps_the_first_calls_usage(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("question", "Which?", options=["A"]), usage={"input_tokens": 7})
    fake_anthropic.fail_overloaded()
    with pytest.raises(AIUnavailable) as caught:
        await build_next_node(claude, CONTEXT, node_id="n")
    assert caught.value.usage["input_tokens"] == 7


# ── depth cap ──


async def test_at_the_depth_cap_the_request_asks_for_a_terminal_step(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("resolve", "Fixed after re-signing in."))
    capped = dataclasses.replace(CONTEXT, depth=12, max_depth=12)
    built = await build_next_node(claude, capped, node_id="n")
    assert "you must now return resolve or escalate" in fake_anthropic.requests[0]["messages"][0]["content"]
    assert built.node["type"] == "resolve"


async def test_a_non_terminal_answer_at_the_cap_becomes_an_escalation(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Try one more thing."))
    capped = dataclasses.replace(CONTEXT, depth=13, max_depth=12)
    built = await build_next_node(claude, capped, node_id="n-13")
    assert built.node["id"] == "n-13"
    assert built.node["type"] == "escalate"
    assert "Depth cap reached" in built.node["text"]
    assert [kind for kind, _ in built.events] == ["depth_cap_reached"]
    assert len(fake_anthropic.requests) == 1


async def test_below_the_cap_a_non_terminal_answer_is_kept(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Try one more thing."))
    built = await build_next_node(claude, dataclasses.replace(CONTEXT, depth=11), node_id="n")
    assert built.node["type"] == "instruction"


# ── escalate early ──


async def test_two_didnt_work_answers_in_a_row_escalate_without_a_call(fake_anthropic, claude):
    built = await build_next_node(claude, dataclasses.replace(CONTEXT, consecutive_didnt_work=2), node_id="n")
    assert fake_anthropic.requests == []
    assert built.node["type"] == "escalate"
    assert "didn't work" in built.node["text"]
    assert built.events == [("escalated_early", {"reason": "didnt_work", "count": 2})]
    assert all(v == 0 for v in built.usage.values())


async def test_one_didnt_work_answer_still_asks_claude(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer())
    built = await build_next_node(claude, dataclasses.replace(CONTEXT, consecutive_didnt_work=1), node_id="n")
    assert built.node["type"] == "instruction"


async def test_low_confidence_turns_the_step_into_an_escalation_suggestion(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Maybe reinstall Office?", confidence="low", rationale="Guess"))
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.node["type"] == "escalate"
    assert "not confident" in built.node["text"]
    assert built.node["ai"]["replaced"] == "low_confidence"
    assert built.events == [("escalated_early", {"reason": "low_confidence", "node_type": "instruction"})]


# ── the floor ──


async def test_a_forbidden_answer_is_replaced_and_logged(fake_anthropic, claude):
    forbidden = "Open regedit and delete HKCU\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles."
    fake_anthropic.reply_tool_use(answer("instruction", forbidden, action_class="l1_safe"))
    built = await build_next_node(claude, CONTEXT, node_id="ai-2-x")
    assert built.node["type"] == "escalate"
    assert built.node["id"] == "ai-2-x"
    assert built.node["text"].startswith("Needs an engineer: registry change.")
    assert "class registry, triggered by “" in built.node["text"]
    assert "Outlook\\Profiles" not in str(built.node)  # the step itself is never shown
    [(kind, detail)] = built.events
    assert kind == "floor_blocked"
    assert detail["class"] == "registry" and detail["text"] == forbidden
    assert detail["field"] == "text" and "regedit" in detail["matched"].lower()
    assert detail["reason"].startswith("registry change (class registry, triggered by")
    assert len(fake_anthropic.requests) == 1  # not retried: the floor is not a formatting problem


async def test_a_step_the_model_itself_tags_as_forbidden_is_replaced(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Turn it off and on.", action_class="elevation"))
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.node["text"].startswith("Needs an engineer: command that needs administrator rights.")
    assert built.events[0][1]["declared_class"] == "elevation"


async def test_a_forbidden_option_label_replaces_the_question(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(
        answer("question", "Which did you try?", options=["Restarted Outlook", "Ran sfc /scannow"])
    )
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.node["type"] == "escalate"
    assert "options" not in built.node


async def test_the_floor_wins_over_the_depth_cap_and_low_confidence(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Run diskpart", confidence="low"))
    built = await build_next_node(claude, dataclasses.replace(CONTEXT, depth=12), node_id="n")
    assert [kind for kind, _ in built.events] == ["floor_blocked"]
    assert built.node["category"] == "outside_l1_scope"


async def test_a_rationale_naming_a_forbidden_step_is_withheld(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Restart Outlook.", rationale="Next I'd open regedit"))
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert "regedit" not in built.node["ai"]["rationale"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"help": "If that fails, run sfc /scannow."}, "help"),
        ({"links": [{"title": "Editing the registry safely", "url": "https://example.com/kb/1"}]}, "link 1 title"),
        ({"links": [{"title": "Microsoft 365", "url": "https://admin.microsoft.com/users"}]}, "link 1 url"),
    ],
)
async def test_every_field_the_technician_sees_is_checked(fake_anthropic, claude, fields, field):
    fake_anthropic.reply_tool_use(answer("instruction", "Restart Outlook and try again.", **fields))
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.node["type"] == "escalate"
    [(kind, detail)] = built.events
    assert kind == "floor_blocked" and detail["field"] == field


async def test_help_and_links_of_a_safe_step_are_shown(fake_anthropic, claude):
    links = [{"title": "Clear the cache in Edge", "url": "https://support.microsoft.com/edge-cache"}]
    fake_anthropic.reply_tool_use(
        answer("instruction", "Clear Edge's cache.", help="Settings > Privacy > Clear browsing data.", links=links)
    )
    node = (await build_next_node(claude, CONTEXT, node_id="n")).node
    assert node["help"] == "Settings > Privacy > Clear browsing data."
    assert node["links"] == links


async def test_a_command_in_a_code_span_is_checked_as_a_command(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Paste this into the prompt: `del /s /q C:\\Users\\ann`"))
    built = await build_next_node(claude, CONTEXT, node_id="n")
    assert built.node["type"] == "escalate"
    assert built.events[0][1]["class"] == "data_deletion"


async def test_an_account_phrase_denies_an_otherwise_ordinary_step(fake_anthropic, claude):
    step = "Open the Acme Remote tray app and read out the session number to the user."
    fake_anthropic.reply_tool_use(answer("instruction", step))
    assert (await build_next_node(claude, CONTEXT, node_id="n")).node["type"] == "instruction"  # the floor allows it
    fake_anthropic.reply_tool_use(answer("instruction", step))
    built = await build_next_node(claude, CONTEXT, node_id="n", extra_denies=["acme remote"])
    assert built.node["type"] == "escalate"
    assert "your account does not let L1 do steps about “acme remote”" in built.node["text"]
    [(kind, detail)] = built.events
    assert kind == "floor_blocked" and detail["account_phrase"] == "acme remote" and detail["class"] is None


async def test_account_phrases_never_let_a_floor_step_through(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer("instruction", "Open regedit and look at the Outlook key."))
    built = await build_next_node(claude, CONTEXT, node_id="n", extra_denies=["something else"])
    assert built.events[0][1]["class"] == "registry"
