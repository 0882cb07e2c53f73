"""The Claude client against the fake Messages API: request shape, parsing, usage, errors, settings."""

from __future__ import annotations

import pytest

from bot.ai.action_classes import ACTION_CLASSES
from bot.ai.claude import AIUnavailable, ClaudeSettings, NodeBuilderClient, add_usage
from bot.ai.prompts import NODE_TOOL_NAME, SYSTEM_PROMPT, BuildContext
from bot.config import ConfigError
from tests.ai.ai_answers import answer
from tests.fakes.anthropic import FakeAnthropic

CONTEXT = BuildContext(
    ticket_label="Ticket #4521 · Printer offline",
    category="printer",
    problem_text="The office printer shows offline since this morning.",
    steps=[("Is the printer switched on?", "Yes, display says Ready")],
    notes=["Customer says the printer was moved yesterday"],
    depth=1,
    max_depth=12,
)


async def test_propose_node_returns_the_tool_input(fake_anthropic: FakeAnthropic, claude: NodeBuilderClient):
    fake_anthropic.reply_tool_use(answer("question", "Which light is blinking?", options=["Red", "Orange", "None"]))
    reply = await claude.propose_node(CONTEXT)
    assert reply.tool_input["options"] == ["Red", "Orange", "None"]
    assert reply.stop_reason == "tool_use"


async def test_a_reply_without_the_tool_call_parses_as_none(fake_anthropic, claude):
    fake_anthropic.reply_text("I think you should restart it.")
    assert (await claude.propose_node(CONTEXT)).tool_input is None


async def test_the_request_forces_the_tool_and_holds_the_walk(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer())
    await claude.propose_node(CONTEXT)
    [body] = fake_anthropic.requests
    assert body["model"] == "claude-sonnet-4-5"
    assert body["tool_choice"] == {"type": "tool", "name": NODE_TOOL_NAME}
    [tool] = body["tools"]
    assert tool["input_schema"]["properties"]["action_class"]["enum"] == list(ACTION_CLASSES)
    message = body["messages"][0]["content"]
    for part in (
        "Ticket #4521",
        "Category: Printer (printer)",
        "shows offline since this morning",
        "1. Is the printer switched on? -> Yes, display says Ready",
        "- Customer says the printer was moved yesterday",
        "Depth: 1 of 12",
    ):
        assert part in message
    assert "must now return resolve or escalate" not in message
    assert fake_anthropic.headers[0]["anthropic-version"] == "2023-06-01"


async def test_cache_control_marks_the_system_prompt_and_the_tool(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer())
    await claude.propose_node(CONTEXT)
    [body] = fake_anthropic.requests
    [system] = body["system"]
    assert system["text"] == SYSTEM_PROMPT
    assert system["cache_control"] == {"type": "ephemeral"}
    assert body["tools"][0]["cache_control"] == {"type": "ephemeral"}
    assert "cache_control" not in str(body["messages"])  # the per-step part is not cached


async def test_usage_is_returned_and_the_second_call_reads_the_cache(fake_anthropic, claude):
    fake_anthropic.reply_tool_use(answer())
    fake_anthropic.reply_tool_use(answer())
    first = (await claude.propose_node(CONTEXT)).usage
    second = (await claude.propose_node(CONTEXT)).usage
    assert set(first) == {"input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"}
    assert first["cache_creation_input_tokens"] > 0 and first["cache_read_input_tokens"] == 0
    assert second["cache_read_input_tokens"] == first["cache_creation_input_tokens"]
    assert second["input_tokens"] > 0 and second["output_tokens"] > 0


async def test_scripted_usage_comes_back_exactly(fake_anthropic, claude):
    usage = {"input_tokens": 12, "output_tokens": 34, "cache_read_input_tokens": 56, "cache_creation_input_tokens": 0}
    fake_anthropic.reply_tool_use(answer(), usage=usage)
    assert (await claude.propose_node(CONTEXT)).usage == usage


def test_add_usage_sums_key_by_key():
    assert add_usage({"input_tokens": 1, "output_tokens": 2}, None, {"input_tokens": 3}) == {
        "input_tokens": 4,
        "output_tokens": 2,
        "cache_read_input_tokens": 0,
        "cache_creation_input_tokens": 0,
    }


# ── errors, as the technician reads them ──


@pytest.mark.parametrize(
    ("script", "kind", "retryable", "words"),
    [
        (
            lambda f: f.fail_rate_limited(retry_after=20),
            "rate_limited",
            True,
            "rate limited right now. Try again in 20",
        ),
        (FakeAnthropic.fail_server_error, "server", True, "server error (500)"),
        (FakeAnthropic.fail_overloaded, "overloaded", True, "Claude is overloaded"),
        (FakeAnthropic.fail_unauthorized, "auth", False, "rejected the API key"),
        (lambda f: f.hang(3), "timeout", True, "did not answer within 0.5 seconds"),
    ],
)
async def test_errors_become_a_message_the_technician_can_act_on(
    fake_anthropic, claude, script, kind, retryable, words
):
    script(fake_anthropic)
    if kind == "timeout":  # a client of its own with a short timeout; the shared one is generous for loaded machines
        claude = NodeBuilderClient(
            ClaudeSettings(api_key=fake_anthropic.api_key, base_url=fake_anthropic.base_url, timeout_seconds=0.5)
        )
    try:
        with pytest.raises(AIUnavailable) as caught:
            await claude.propose_node(CONTEXT)
    finally:
        if kind == "timeout":
            await claude.close()
    assert caught.value.kind == kind
    assert caught.value.retryable is retryable
    assert words in caught.value.message
    assert "continue ad-hoc" in caught.value.message
    assert len(fake_anthropic.requests) == 1  # no silent SDK retries: each retry is the technician's click


async def test_a_wrong_key_is_rejected_by_the_fake_like_the_real_api(fake_anthropic):
    client = NodeBuilderClient(ClaudeSettings(api_key="sk-ant-wrong", base_url=fake_anthropic.base_url))
    try:
        with pytest.raises(AIUnavailable) as caught:
            await client.propose_node(CONTEXT)
    finally:
        await client.close()
    assert caught.value.kind == "auth"
    assert "sk-ant-wrong" not in caught.value.message
    assert fake_anthropic.rejected == ["bad api key"]


async def test_an_unreachable_api_is_a_retryable_network_error(fake_anthropic):
    base_url = fake_anthropic.base_url
    await fake_anthropic.close()
    client = NodeBuilderClient(ClaudeSettings(api_key="k", base_url=base_url, timeout_seconds=1))
    try:
        with pytest.raises(AIUnavailable) as caught:
            await client.propose_node(CONTEXT)
    finally:
        await client.close()
    assert caught.value.kind == "network" and caught.value.retryable


# ── settings ──


def test_settings_default_without_any_variable():
    settings = ClaudeSettings.from_env({})
    assert settings.api_key is None and settings.base_url is None
    assert (settings.model, settings.fast_model) == ("claude-sonnet-4-5", "claude-haiku-4-5")
    assert settings.max_depth == 12


def test_settings_read_every_variable():
    settings = ClaudeSettings.from_env(
        {
            "ANTHROPIC_API_KEY": "sk-ant-secret",
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:9999",
            "WALKBOT_AI_MODEL": "claude-opus-4-1",
            "WALKBOT_AI_FAST_MODEL": "claude-3-5-haiku-latest",
            "WALKBOT_AI_MAX_TOKENS": "2048",
            "WALKBOT_AI_TIMEOUT_SECONDS": "12.5",
            "WALKBOT_AI_MAX_DEPTH": "8",
        }
    )
    assert settings.api_key == "sk-ant-secret"
    assert settings.base_url == "http://127.0.0.1:9999"
    assert (settings.model, settings.fast_model) == ("claude-opus-4-1", "claude-3-5-haiku-latest")
    assert (settings.max_tokens, settings.timeout_seconds, settings.max_depth) == (2048, 12.5, 8)
    assert "sk-ant-secret" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WALKBOT_AI_MAX_DEPTH", "twelve"),
        ("WALKBOT_AI_MAX_DEPTH", "0"),
        ("WALKBOT_AI_MAX_TOKENS", "10"),
        ("WALKBOT_AI_TIMEOUT_SECONDS", "soon"),
        ("WALKBOT_AI_TIMEOUT_SECONDS", "-1"),
        ("ANTHROPIC_BASE_URL", "api.anthropic.com"),
    ],
)
def test_malformed_settings_stop_with_the_variable_named(name, value):
    with pytest.raises(ConfigError, match=name):
        ClaudeSettings.from_env({name: value})
