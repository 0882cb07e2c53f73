"""The flows shipped in flows/: all valid together, the right size, and covering the whole format."""

from collections import Counter
from pathlib import Path

import pytest

from bot.ai.categories import DEFAULT_ALLOWED_CATEGORIES, OTHER
from bot.flows.categories import ESCALATION_CATEGORIES
from bot.flows.export import flow_to_yaml
from bot.flows.fingerprint import flow_fingerprint
from bot.flows.loader import load_flow_files, load_flow_text

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"
PATHS = sorted(FLOWS_DIR.glob("*.yaml"))
EXPECTED_SLUGS = {
    "printer-offline",
    "vpn-wont-connect",
    "password-reset-lockout",
    "outlook-not-syncing",
    "slow-computer",
    "no-internet-wifi",
    "mfa-new-phone",
    "mapped-drive-missing",
    "teams-audio-video",
}
CATEGORY_KEYS = {*DEFAULT_ALLOWED_CATEGORIES, OTHER}  # every sample flow sits in a category an account may allow


@pytest.fixture(scope="module")
def library():
    flows, errors = load_flow_files(PATHS)
    return flows, errors


def test_the_library_validates_as_one_batch(library):
    flows, errors = library
    assert [str(e) for e in errors] == []
    assert {f.slug for f in flows} >= EXPECTED_SLUGS


def test_each_file_is_named_after_its_slug(library):
    flows, _ = library
    assert sorted(p.stem for p in PATHS) == sorted(f.slug for f in flows)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_each_flow_has_10_to_40_nodes_and_full_metadata(path, library):
    flow = next(f for f in library[0] if f.slug == path.stem)
    assert 10 <= len(flow.nodes) <= 40
    assert flow.category in CATEGORY_KEYS
    assert flow.description
    assert flow.match.keywords and flow.match.boards and flow.match.types and flow.match.subtypes
    resolves = [n for n in flow.nodes.values() if n.type == "resolve"]
    escalates = [n for n in flow.nodes.values() if n.type == "escalate"]
    assert resolves and escalates
    assert all(len(n.text) >= 40 for n in resolves), "resolve text is the suggested resolution note"
    assert all(n.category in ESCALATION_CATEGORIES for n in escalates)


def test_the_library_uses_every_node_type(library):
    types = Counter(n.type for f in library[0] for n in f.nodes.values())
    assert set(types) == {"question", "instruction", "input", "link", "resolve", "escalate"}
    assert any(n.failed_next for f in library[0] for n in f.nodes.values())


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_export_loads_back_to_an_equal_flow(path, library):
    flow = next(f for f in library[0] if f.slug == path.stem)
    exported = flow_to_yaml(flow)
    again, errors = load_flow_text(exported, f"{flow.slug}.yaml")
    # Alone, links to the other flows are unknown; everything else must be clean.
    assert [str(e) for e in errors if "links to flow" not in e.message] == []
    assert again == flow
    assert flow_fingerprint(again) == flow_fingerprint(flow)
    assert flow_to_yaml(again) == exported


def test_the_example_in_the_docs_is_a_valid_flow():
    doc = (FLOWS_DIR.parent / "docs" / "flows.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    flow, errors = load_flow_text(example, "monitor-no-signal.yaml")
    assert errors == []
    assert {n.type for n in flow.nodes.values()} == {"question", "instruction", "input", "resolve", "escalate"}
