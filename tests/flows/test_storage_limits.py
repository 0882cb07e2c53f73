"""A flow that validates can be walked: ids and slugs fit storage columns and Slack's 255-character action_id."""

from textwrap import dedent

from bot.flows.loader import load_flow_text
from bot.flows.validation import MAX_NODE_ID, MAX_OPTION_ID, MAX_SLUG, SLACK_ACTION_ID
from bot.rendering import action_ids as ids
from bot.rendering.walk_card import INTENT_ACTIONS
from storage.models import L1WalkSession, Tree


def errors(slug: str = "t", node: str = "a", option: str = "yes") -> list[str]:
    text = f"""\
    slug: {slug}
    title: Test flow
    start: {node}
    nodes:
      - id: {node}
        type: question
        text: Is it plugged in?
        options:
          - {{id: {option}, label: Yes, next: done}}
          - {{id: no, label: No, next: done}}
      - id: done
        type: resolve
        text: Plugged it in.
    """
    _, found = load_flow_text(dedent(text), "t.yaml")
    return [str(e) for e in found]


def test_the_limits_match_the_columns_and_every_button_prefix():
    assert Tree.__table__.c.slug.type.length == MAX_SLUG
    assert L1WalkSession.__table__.c.current_node_id.type.length == MAX_NODE_ID
    longest_prefix = max(len(f"{prefix}:") for prefix in (*INTENT_ACTIONS.values(), ids.CHOOSE))
    assert longest_prefix + MAX_OPTION_ID <= SLACK_ACTION_ID


def test_ids_and_slugs_at_the_limits_are_valid():
    assert errors("s" * MAX_SLUG, "n" * MAX_NODE_ID, "o" * MAX_OPTION_ID) == []


def test_a_slug_longer_than_storage_takes_is_refused():
    assert errors("s" * (MAX_SLUG + 1)) == [
        f"t.yaml: slug is {MAX_SLUG + 1} characters; at most 100 are stored: shorten it"
    ]


def test_a_node_id_longer_than_storage_takes_is_refused():
    found = errors(node="n" * (MAX_NODE_ID + 1))
    assert any(f"node id is {MAX_NODE_ID + 1} characters; at most 100 are stored" in e for e in found), found


def test_an_option_id_that_would_overflow_the_action_id_is_refused():
    found = errors(option="o" * 250)
    assert any("is 250 characters; at most 200 fit in a Slack button (action_id)" in e for e in found), found
