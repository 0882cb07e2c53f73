"""Export to YAML and fingerprints: what an author gets back is readable and re-imports unchanged."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.flows.export import flow_to_yaml
from bot.flows.fingerprint import flow_fingerprint
from bot.flows.loader import load_flow_text
from bot.flows.model import Flow, Link, MatchHints, Node, Option


def sample() -> Flow:
    return Flow(
        slug="printer-offline",
        title="Printer offline",
        category="printer",
        start="ask",
        description="Short description.",
        match=MatchHints(keywords=("printer", "print queue"), boards=("Service Desk",)),
        nodes={
            "ask": Node(
                "ask",
                "question",
                "Is the printer on?",
                options=(Option("yes", "Yes", "done"), Option("no", "No", "spooler")),
            ),
            "spooler": Node(
                "spooler",
                "instruction",
                "Restart the spooler:\n1. services.msc\n2. Print Spooler > Restart\n",
                help="Needs local admin.",
                links=(Link("Spooler KB", "https://kb.example.com/spooler"),),
                next="done",
                failed_next="stuck",
            ),
            "done": Node("done", "resolve", "Printing again."),
            "stuck": Node("stuck", "escalate", "Still offline.", category="hardware_fault", needs_review=True),
        },
    )


def test_export_reads_like_a_hand_written_file():
    text = flow_to_yaml(sample())
    assert text.startswith("slug: printer-offline\ntitle: Printer offline\ncategory: printer\n")
    assert "  keywords: [printer, print queue]\n" in text
    assert "nodes:\n  - id: ask\n    type: question\n" in text
    # Multi-line text as a literal block, a blank line between nodes.
    assert "    text: |\n      Restart the spooler:\n      1. services.msc\n" in text
    assert "\n\n  - id: spooler\n" in text
    # Words YAML 1.1 would read as booleans are quoted, so they stay words for any reader.
    assert "label: 'Yes'" in text


def test_export_round_trips_every_field():
    flow = sample()
    again, errors = load_flow_text(flow_to_yaml(flow), "printer-offline.yaml")
    assert errors == []
    assert again == flow


texts = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.sampled_from(
        ["yes", "No", "on", "null", "~", "1.0", "0x1F", "010", "2024-01-01", "- a", ": x", "#c", "|", " x ", "a\n\n"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, label=texts, description=texts, keyword=texts)
def test_any_text_survives_export_and_reload(text, label, description, keyword):
    base = sample()
    ask = replace(base.nodes["ask"], text=text, options=(Option("yes", label, "done"), Option("no", "No", "spooler")))
    flow = replace(
        base, description=description, match=MatchHints(keywords=(keyword,)), nodes={**base.nodes, "ask": ask}
    )
    again, _ = load_flow_text(flow_to_yaml(flow), "x.yaml")
    assert again == flow


def test_fingerprint_is_stable_and_changes_with_any_edit():
    flow = sample()
    assert flow_fingerprint(flow) == flow_fingerprint(sample())
    assert len(flow_fingerprint(flow)) == 64
    edited = replace(flow, nodes={**flow.nodes, "done": replace(flow.nodes["done"], text="Printing again!")})
    assert flow_fingerprint(edited) != flow_fingerprint(flow)
    retitled = replace(flow, title="Printer is offline")
    assert flow_fingerprint(retitled) != flow_fingerprint(flow)
