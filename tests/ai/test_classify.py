"""Classifying a ticket at intake: one fast-model call, keywords when Claude cannot answer."""

from __future__ import annotations

import json

import pytest

from bot.ai.action_classes import ACTION_CLASSES
from bot.ai.categories import ALL_CATEGORIES, DEFAULT_ALLOWED_CATEGORIES, keyword_category
from bot.ai.classify import classify_ticket
from bot.ai.claude import ClaudeSettings, NodeBuilderClient
from storage.models.account import Account

TICKET = "Printer on 2nd floor shows offline, nobody can print invoices"


async def test_classification_is_one_fast_model_call_limited_to_the_allowlist(fake_anthropic, claude):
    fake_anthropic.reply_tool_use({"category": "printer"})
    result = await classify_ticket(claude, TICKET, ["printer", "vpn"])
    assert (result.category, result.source) == ("printer", "claude")
    assert result.usage["output_tokens"] > 0
    [body] = fake_anthropic.requests
    assert body["model"] == "claude-haiku-4-5"
    [tool] = body["tools"]
    assert body["tool_choice"] == {"type": "tool", "name": tool["name"]}
    assert tool["input_schema"]["properties"]["category"]["enum"] == ["printer", "vpn", "other"]
    assert TICKET in body["messages"][0]["content"]


async def test_claude_may_answer_other(fake_anthropic, claude):
    fake_anthropic.reply_tool_use({"category": "other"})
    assert (await classify_ticket(claude, "Need a new desk chair", ["printer"])).category == "other"


async def test_an_answer_outside_the_allowlist_falls_back_to_keywords(fake_anthropic, claude):
    fake_anthropic.reply_tool_use({"category": "registry_hacks"})
    result = await classify_ticket(claude, TICKET, ["vpn", "printer"])
    assert (result.category, result.source) == ("printer", "keywords")
    assert len(fake_anthropic.requests) == 1


@pytest.mark.parametrize("fail", ["fail_overloaded", "fail_rate_limited", "fail_unauthorized"])
async def test_a_claude_error_falls_back_to_keywords(fake_anthropic, claude, fail):
    getattr(fake_anthropic, fail)()
    result = await classify_ticket(claude, TICKET, DEFAULT_ALLOWED_CATEGORIES)
    assert (result.category, result.source) == ("printer", "keywords")
    assert len(fake_anthropic.requests) == 1


async def test_claude_being_down_falls_back_to_keywords(fake_anthropic):
    base_url = fake_anthropic.base_url
    await fake_anthropic.close()
    client = NodeBuilderClient(ClaudeSettings(api_key="k", base_url=base_url, timeout_seconds=1))
    try:
        result = await classify_ticket(client, "VPN won't connect from home, GlobalProtect error", ["printer", "vpn"])
    finally:
        await client.close()
    assert (result.category, result.source) == ("vpn", "keywords")


async def test_without_claude_configured_keywords_decide():
    result = await classify_ticket(None, "Outlook keeps asking for my password", DEFAULT_ALLOWED_CATEGORIES)
    assert result.source == "keywords"
    assert result.category in ("email_client", "password_reset")


# ── keywords ──


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can't print to the HP LaserJet, paper jam light", "printer"),
        ("Locked out of my account after too many attempts", "account_lockout"),
        ("Wi-Fi drops every few minutes in the meeting room", "network_basics"),
        ("Teams microphone not working in calls", "av_conferencing"),
        ("Chrome shows an old version of the website, clear cookies?", "browser"),
        ("Second monitor not detected on the docking station", "peripherals"),
        ("Windows Update stuck at 30%, laptop won't restart", "os_restart_updates"),
        ("Forgot password, need to reset it", "password_reset"),
        ("New desk chair please", "other"),
        ("", "other"),
    ],
)
def test_keyword_category_picks_the_obvious_one(text, expected):
    assert keyword_category(text, DEFAULT_ALLOWED_CATEGORIES) == expected


def test_keyword_category_never_returns_a_category_that_is_not_allowed():
    assert keyword_category("Can't print to the printer", ["vpn", "browser"]) == "other"
    assert keyword_category("Can't print to the printer", []) == "other"


def test_words_match_whole_words_only():
    assert keyword_category("The blueprint app is slow", ["printer"]) == "other"


# ── the category list ──


def test_defaults_are_the_storage_default_in_the_same_order():
    default = Account.__table__.c.ai_categories.server_default.arg.text
    assert default.startswith("'") and default.endswith("'::jsonb")
    assert tuple(json.loads(default[1:-8])) == DEFAULT_ALLOWED_CATEGORIES


def test_every_default_has_a_label_and_extra_categories_exist():
    assert set(DEFAULT_ALLOWED_CATEGORIES) < set(ALL_CATEGORIES)
    assert {"software_install", "hardware", "mobile_devices", "file_sharing"} <= set(ALL_CATEGORIES)
    assert "other" not in ALL_CATEGORIES
    assert not set(ALL_CATEGORIES) & set(ACTION_CLASSES)  # the floor is never a category an admin can enable
