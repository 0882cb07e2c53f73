"""Modals open with the right inputs, prefilled where the flow suggests, within Slack's limits."""

from bot.rendering import action_ids as ids
from bot.rendering import modals

CATEGORIES = {"hardware_fault": "Hardware fault", "other": "Other"}


def test_resolve_modal_prefills_the_suggested_resolution_and_asks_if_helpful():
    view = modals.resolve_modal("meta", suggested="Re-added the printer", ticket_label="#1").to_dict()
    assert view["callback_id"] == ids.RESOLVE_VIEW and view["private_metadata"] == "meta"
    notes = next(b for b in view["blocks"] if b.get("block_id") == modals.NOTES)
    assert notes["element"]["initial_value"] == "Re-added the printer"
    helpful = next(b for b in view["blocks"] if b.get("block_id") == modals.HELPFUL)
    assert [o["value"] for o in helpful["element"]["options"]] == ["yes", "no"]


def test_escalate_modal_preselects_the_suggested_category():
    view = modals.escalate_modal(
        "m", categories=CATEGORIES, suggested_category="hardware_fault", suggested_reason="sensor"
    ).to_dict()
    select = next(b for b in view["blocks"] if b.get("block_id") == modals.CATEGORY)["element"]
    assert select["initial_option"]["value"] == "hardware_fault"
    assert [o["value"] for o in select["options"]] == ["hardware_fault", "other"]


def test_a_suggestion_longer_than_slack_allows_is_clipped_not_rejected():
    view = modals.resolve_modal("m", suggested="x" * 5000, ticket_label="#1").to_dict()
    notes = next(b for b in view["blocks"] if b.get("block_id") == modals.NOTES)
    assert len(notes["element"]["initial_value"]) == 3000 and notes["element"]["initial_value"].endswith("…")


def test_settings_modal_ticks_enabled_categories_only():
    view = modals.settings_modal("m", all_categories=CATEGORIES, enabled=["other"]).to_dict()
    boxes = next(b for b in view["blocks"] if b.get("block_id") == modals.CATEGORIES)["element"]
    assert [o["value"] for o in boxes["initial_options"]] == ["other"]
