"""A resolved walk becomes a valid draft tree: real steps only, notes on their steps, untaken AI branches as stubs."""

import json

import pytest

from bot.engine.state import Step
from bot.flows.validation import validate_flow
from bot.proposals.from_walk import draft_from_walk, slugify, stub_text
from tests.proposals.walks import adhoc_walk, ai_walk, draft_args


def test_an_adhoc_walk_becomes_a_chain_of_instructions_ending_in_its_resolution():
    flow = draft_from_walk(**draft_args(adhoc_walk(), category=None, problem_text=None))

    assert validate_flow(flow, source="draft", allow_needs_review=True) == []
    assert validate_flow(flow, source="draft", allow_needs_review=False) == []  # nothing untaken in ad-hoc
    assert flow.start == "step-1"
    assert [(n.id, n.type) for n in flow.nodes.values()] == [
        ("step-1", "instruction"),
        ("step-2", "instruction"),
        ("resolved", "resolve"),
    ]
    first, second, resolved = flow.nodes.values()
    assert first.text == "Checked the printer's status in Settings" and first.next == "step-2"
    assert first.help == "Observed: Shows offline\nTechnician notes: User says it started after the Windows update"
    assert second.help == "Observed: Came back online\nTechnician notes: Same on the second laptop"
    assert second.next == "resolved" and second.failed_next is None
    assert resolved.text == "Power-cycling the printer brought it back online."
    assert resolved.help == "Technician notes: Printed a test page with the user"
    assert flow.category == "other"  # ad-hoc walks have no category unless intake stored one


def test_an_ai_walk_keeps_each_served_node_and_links_the_branch_taken():
    flow = draft_from_walk(**draft_args(ai_walk()))

    assert validate_flow(flow, source="draft", allow_needs_review=True) == []
    question, spooler, cable = flow.nodes["step-1"], flow.nodes["step-2"], flow.nodes["step-3"]
    assert question.type == "question" and question.text == "Which light is on on the printer's panel?"
    assert {o.label: o.next for o in question.options}["Orange, blinking"] == "step-2"
    assert question.help == "Technician notes: Light was blinking fast"
    # "Didn't work" was taken on the spooler step: that branch goes on, "It worked" is unknown.
    assert spooler.failed_next == "step-3"
    assert spooler.help == "Devices > Printers > Open queue."  # the served node's own help is kept
    assert cable.next == "resolved"
    assert cable.help == "Technician notes: Cable was loose at the wall"
    assert flow.nodes["resolved"].text == "Reseated the network cable; printer online."


def test_every_branch_not_taken_on_an_ai_walk_is_a_needs_review_stub():
    flow = draft_from_walk(**draft_args(ai_walk()))

    stubs = {n.id: n for n in flow.nodes.values() if n.needs_review}
    question, spooler, cable = flow.nodes["step-1"], flow.nodes["step-2"], flow.nodes["step-3"]
    untaken = {o.label: o.next for o in question.options if o.label != "Orange, blinking"}
    expected = {untaken["Green, steady"], untaken["No light at all"], spooler.next, cable.failed_next}
    assert set(stubs) == expected and len(expected) == 4
    assert stubs[untaken["Green, steady"]].text == stub_text("Green, steady")
    assert (
        stubs[spooler.next].text == "Not walked yet: what should happen after 'It worked'? Fill this in or remove it."
    )
    assert stubs[cable.failed_next].text == stub_text("Didn't work")
    assert all(s.type == "escalate" for s in stubs.values())
    errors = validate_flow(flow, source="draft", allow_needs_review=False)
    assert {e.node for e in errors} == expected


def test_the_hidden_ai_metadata_never_reaches_the_tree():
    definition = draft_from_walk(**draft_args(ai_walk())).to_dict()
    dumped = json.dumps(definition)

    assert '"ai"' not in dumped
    for hidden in ("rationale", "action_class", "confidence", "the panel light narrows it down", "ai-1-3f2a9c"):
        assert hidden not in dumped


def test_bookkeeping_entries_and_blank_steps_are_skipped():
    w = ai_walk()
    args = draft_args(w)
    path = list(args["walked_path"])
    path.insert(0, Step.from_dict({"node_type": "meta", "category": "printer", "problem_text": "x"}))
    path.insert(2, Step.from_dict({"node_id": "ai-x", "node_type": "instruction", "text": "   ", "option_id": "done"}))
    flow = draft_from_walk(**{**args, "walked_path": path})

    assert [n.id for n in flow.nodes.values() if not n.needs_review] == ["step-1", "step-2", "step-3", "resolved"]
    assert flow.nodes["step-1"].text == "Which light is on on the printer's panel?"


def test_slug_title_category_and_keywords_come_from_the_ticket():
    long_hint = "Outlook keeps asking for the password after the mailbox was migrated to the new tenant last night"
    flow = draft_from_walk(**draft_args(ai_walk(), slug_hint=long_hint, ticket_summary=None))

    assert len(flow.slug) <= 60 and flow.slug.startswith("outlook-keeps-asking-for-the-password")
    assert not flow.slug.endswith("-")
    assert flow.title == "Printer in accounting shows offline and jobs are stuck"  # no summary: the problem text
    assert flow.category == "printer"
    assert flow.match.keywords == ("printer", "accounting", "shows", "offline", "jobs", "stuck")
    assert slugify("  !!  ") == "walk-proposal"


def test_a_walk_with_no_steps_or_of_another_kind_has_no_draft():
    with pytest.raises(ValueError, match="no steps"):
        draft_from_walk(**draft_args(ai_walk(), walked_path=[]))
    with pytest.raises(ValueError, match="ad-hoc and AI-guided"):
        draft_from_walk(**draft_args(ai_walk(), session_kind="flow"))
