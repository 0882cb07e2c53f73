"""Flow validation: one broken fixture per rule, each asserting the exact message an author sees."""

from textwrap import dedent, indent

from bot.flows.loader import load_flow_text
from bot.flows.model import Flow, Node, Option
from bot.flows.validation import FlowError, checked_definition, link_cycle_errors, validate_flow

HEADER = """\
slug: t
title: Test flow
start: a
nodes:
"""

# The smallest valid flow: a question ending in a resolve or an escalate.
VALID_NODES = """\
  - id: a
    type: question
    text: Is it plugged in?
    options:
      - {id: yes, label: Yes, next: done}
      - {id: no, label: No, next: stuck}
  - id: done
    type: resolve
    text: Plugged it in.
  - id: stuck
    type: escalate
    text: Still broken.
    category: hardware_fault
"""


def errors(text: str) -> list[str]:
    _, found = load_flow_text(dedent(text), "t.yaml")
    return [str(e) for e in found]


def errors_with_nodes(extra_nodes: str, nodes: str = VALID_NODES) -> list[str]:
    return errors(HEADER + nodes + indent(dedent(extra_nodes), "  "))


def pointing_at(node_id: str) -> str:
    """VALID_NODES with a third option on 'a' leading to ``node_id``, so an extra node is reachable."""
    return VALID_NODES.replace("next: stuck}\n", f"next: stuck}}\n      - {{id: more, label: More, next: {node_id}}}\n")


def test_the_minimal_flow_is_valid():
    assert errors(HEADER + VALID_NODES) == []


def test_error_text_names_file_then_node_then_problem():
    assert str(FlowError("printer-offline.yaml", "check-cable", "next 'x' is not a node of this flow")) == (
        "printer-offline.yaml: node 'check-cable': next 'x' is not a node of this flow"
    )
    assert (
        str(FlowError("printer-offline.yaml", None, "the file is empty")) == "printer-offline.yaml: the file is empty"
    )


def test_missing_start():
    assert errors("slug: t\ntitle: T\nnodes:\n" + VALID_NODES) == [
        "t.yaml: start is missing: set start to the id of the first node"
    ]


def test_unknown_start():
    assert errors(HEADER.replace("start: a", "start: begin") + VALID_NODES) == [
        "t.yaml: start 'begin' is not a node of this flow"
    ]


def test_missing_slug_and_title():
    assert errors("start: a\nnodes:\n" + VALID_NODES) == [
        "t.yaml: slug is missing: add one like 'printer-offline' (links and the CLI use it)",
        "t.yaml: title is missing: give the flow a title technicians will recognise",
    ]


def test_slug_must_be_lowercase_words_and_hyphens():
    assert errors(HEADER.replace("slug: t", "slug: Printer Offline") + VALID_NODES) == [
        "t.yaml: slug 'Printer Offline' must be lowercase letters, digits and hyphens, like 'printer-offline'"
    ]


def test_unknown_node_type():
    assert errors_with_nodes(
        """\
      - id: extra
        type: qestion
        text: Hm?
    """,
        pointing_at("extra"),
    ) == [
        "t.yaml: node 'extra': unknown type 'qestion': use one of question, instruction, input, link, resolve, escalate"
    ]


def test_missing_node_type():
    assert errors_with_nodes(
        """\
      - id: extra
        text: Hm?
    """,
        pointing_at("extra"),
    ) == ["t.yaml: node 'extra': type is missing: use one of question, instruction, input, link, resolve, escalate"]


def test_next_to_a_missing_node():
    assert errors_with_nodes(
        """\
      - id: check-cable
        type: instruction
        text: Reseat the cable.
        next: x
    """,
        pointing_at("check-cable"),
    ) == ["t.yaml: node 'check-cable': next 'x' is not a node of this flow"]


def test_option_next_to_a_missing_node():
    assert errors(HEADER + VALID_NODES.replace("next: stuck}", "next: stcuk}")) == [
        "t.yaml: node 'a': option 'no': next 'stcuk' is not a node of this flow",
        "t.yaml: node 'stuck': unreachable from start 'a': point an option or next at it, or remove it",
    ]


def test_failed_next_to_a_missing_node():
    assert errors_with_nodes(
        """\
      - id: reseat
        type: instruction
        text: Reseat the cable.
        next: done
        failed_next: nowhere
    """,
        VALID_NODES.replace("next: done}", "next: reseat}"),
    ) == ["t.yaml: node 'reseat': failed_next 'nowhere' is not a node of this flow"]


def test_unreachable_node():
    assert errors_with_nodes("""\
      - id: orphan
        type: resolve
        text: Nobody gets here.
    """) == ["t.yaml: node 'orphan': unreachable from start 'a': point an option or next at it, or remove it"]


def test_node_from_which_the_walk_cannot_end():
    # 'loop-1' and 'loop-2' only point at each other: a technician who takes that branch is stuck.
    assert errors_with_nodes(
        """\
      - id: loop-1
        type: instruction
        text: Try again.
        next: loop-2
      - id: loop-2
        type: instruction
        text: And again.
        next: loop-1
    """,
        VALID_NODES.replace("next: stuck}", "next: loop-1}"),
    ) == [
        "t.yaml: node 'stuck': unreachable from start 'a': point an option or next at it, or remove it",
        "t.yaml: node 'loop-1': no resolve or escalate node can be reached from here: add a path that ends the walk",
        "t.yaml: node 'loop-2': no resolve or escalate node can be reached from here: add a path that ends the walk",
    ]


def test_question_with_fewer_than_two_options():
    nodes = VALID_NODES.replace("      - {id: no, label: No, next: stuck}\n", "").replace("hardware_fault", "other")
    assert errors(HEADER + nodes) == [
        "t.yaml: node 'a': question needs at least 2 options (has 1)",
        "t.yaml: node 'stuck': unreachable from start 'a': point an option or next at it, or remove it",
    ]


def test_question_with_more_than_twenty_options():
    options = "".join(f"      - {{id: o{i}, label: Option {i}, next: done}}\n" for i in range(21))
    text = HEADER + "  - id: a\n    type: question\n    text: Which?\n    options:\n" + options
    text += "  - id: done\n    type: resolve\n    text: Done.\n"
    assert errors(text) == [
        "t.yaml: node 'a': question has 21 options; Slack shows at most 20: split it into two questions"
    ]


def test_duplicate_option_ids():
    assert errors(HEADER + VALID_NODES.replace("{id: no,", "{id: yes,")) == [
        "t.yaml: node 'a': option id 'yes' is used twice: option ids must be unique within a node"
    ]


def test_option_label_longer_than_a_button_shows():
    label = "Yes, the printer shows a paper jam error on its front panel and the tray is out!"
    assert len(label) == 80
    assert errors(HEADER + VALID_NODES.replace("label: Yes,", f"label: '{label}',")) == [
        "t.yaml: node 'a': option 'yes': label is 80 characters; buttons show at most 75"
    ]


def test_text_and_help_longer_than_a_slack_section():
    long = "x" * 3001
    nodes = VALID_NODES.replace("text: Plugged it in.", f"text: {long}\n    help: {long}")
    assert errors(HEADER + nodes) == [
        "t.yaml: node 'done': text is 3001 characters; Slack shows at most 3000: shorten it or split the step",
        "t.yaml: node 'done': help is 3001 characters; Slack shows at most 3000: shorten it or split the step",
    ]


def test_instruction_without_next():
    assert errors_with_nodes(
        """\
      - id: reseat
        type: instruction
        text: Reseat the cable.
        failed_next: stuck
    """,
        VALID_NODES.replace("next: done}", "next: reseat}"),
    ) == [
        "t.yaml: node 'reseat': instruction needs next: the node to go to once the step is done",
        "t.yaml: node 'done': unreachable from start 'a': point an option or next at it, or remove it",
    ]


def test_input_without_next_or_input_label():
    assert errors_with_nodes(
        """\
      - id: ip
        type: input
        text: Ping the printer.
    """,
        VALID_NODES.replace("next: done}", "next: ip}").replace("next: stuck}", "next: done}"),
    ) == [
        "t.yaml: node 'ip': input needs next: the node to go to once the value is entered",
        "t.yaml: node 'ip': input needs input_label: the value to ask the technician for",
        "t.yaml: node 'stuck': unreachable from start 'a': point an option or next at it, or remove it",
        "t.yaml: node 'ip': no resolve or escalate node can be reached from here: add a path that ends the walk",
    ]


def test_link_without_flow():
    assert errors_with_nodes(
        """\
      - id: elsewhere
        type: link
        text: Continue elsewhere.
    """,
        VALID_NODES.replace("next: done}", "next: elsewhere}")
        .replace("next: stuck}", "next: done}")
        .replace("  - id: stuck\n    type: escalate\n    text: Still broken.\n    category: hardware_fault\n", ""),
    ) == ["t.yaml: node 'elsewhere': link needs flow: the slug of the flow the walk continues in"]


def test_link_to_an_unknown_flow_and_to_a_known_one():
    flow = Flow(
        "t",
        "T",
        "other",
        "a",
        {
            "a": Node("a", "question", "Q?", options=(Option("x", "X", "vpn"), Option("y", "Y", "self"))),
            "vpn": Node("vpn", "link", "Go to VPN", flow="vpn-wont-connect"),
            "self": Node("self", "link", "Start over", flow="t"),
        },
    )
    assert [str(e) for e in validate_flow(flow, source="t.yaml")] == [
        "t.yaml: node 'vpn': links to flow 'vpn-wont-connect', which is neither in this import nor published"
    ]
    assert validate_flow(flow, source="t.yaml", known_slugs={"vpn-wont-connect"}) == []


def test_needs_review_blocks_publishing_only():
    nodes = VALID_NODES.replace("text: Still broken.", "text: Still broken.\n    needs_review: true")
    assert errors(HEADER + nodes) == []
    flow, _ = load_flow_text(HEADER + nodes, "t.yaml")
    assert [str(e) for e in validate_flow(flow, source="proposal 7", allow_needs_review=False)] == [
        "proposal 7: node 'stuck': needs review: fill it in or remove it before publishing"
    ]


def test_fields_a_node_type_does_not_use():
    nodes = VALID_NODES.replace("text: Plugged it in.", "text: Plugged it in.\n    next: a")
    assert errors(HEADER + nodes) == ["t.yaml: node 'done': next is not used by resolve nodes: remove it"]


def test_escalation_category_must_be_a_known_reason():
    assert errors(HEADER + VALID_NODES.replace("hardware_fault", "broken")) == [
        "t.yaml: node 'stuck': category 'broken' is not an escalation category: use one of needs_admin_access, "
        "hardware_fault, outside_l1_scope, flow_dead_end, customer_unavailable, other"
    ]


def test_empty_text():
    assert errors(HEADER + VALID_NODES.replace("text: Plugged it in.", "text: ''")) == [
        "t.yaml: node 'done': text is empty: say what the technician should check, do or tell the user"
    ]


def test_a_file_with_several_errors_reports_all_of_them():
    text = """\
    slug: t
    title: T
    start: a
    nodes:
      - id: a
        type: question
        text: Which?
        options:
          - {id: one, label: One, next: b}
      - id: b
        type: instruction
        text: Do it.
      - id: c
        type: telepathy
        text: Think hard.
      - id: d
        type: link
        text: Elsewhere.
        flow: nowhere
    """
    assert errors(text) == [
        "t.yaml: node 'a': question needs at least 2 options (has 1)",
        "t.yaml: node 'b': instruction needs next: the node to go to once the step is done",
        "t.yaml: node 'c': unknown type 'telepathy': use one of question, instruction, input, link, resolve, escalate",
        "t.yaml: node 'd': links to flow 'nowhere', which is neither in this import nor published",
        "t.yaml: node 'c': unreachable from start 'a': point an option or next at it, or remove it",
        "t.yaml: node 'd': unreachable from start 'a': point an option or next at it, or remove it",
        "t.yaml: node 'a': no resolve or escalate node can be reached from here: add a path that ends the walk",
        "t.yaml: node 'b': no resolve or escalate node can be reached from here: add a path that ends the walk",
    ]


# ── link cycles ──


def linking(slug: str, *targets: str) -> Flow:
    nodes = {f"to-{t}": Node(f"to-{t}", "link", f"Continue in {t}", flow=t) for t in targets}
    start = next(iter(nodes), "done")
    nodes["done"] = Node("done", "resolve", "Done.")
    return Flow(slug, slug, "other", start, nodes)


def test_a_flow_linking_to_itself_is_a_cycle():
    assert [str(e) for e in link_cycle_errors([linking("a", "a")])] == [
        "a: node 'to-a': links back to itself (a -> a): a walk could loop forever; end one of these flows instead"
    ]


def test_a_cycle_through_other_flows_is_reported_once_on_the_first_flow_with_its_file_name():
    flows = [linking("a", "b"), linking("b", "c"), linking("c", "a"), linking("d", "a")]
    assert [str(e) for e in link_cycle_errors(flows, sources={"a": "a.yaml"})] == [
        "a.yaml: node 'to-b': links back to itself (a -> b -> c -> a): a walk could loop forever; "
        "end one of these flows instead"
    ]


def test_a_cycle_through_an_already_published_flow():
    assert [str(e) for e in link_cycle_errors([linking("a", "pub")], existing_links={"pub": {"a"}})] == [
        "a: node 'to-pub': links back to itself (a -> pub -> a): a walk could loop forever; "
        "end one of these flows instead"
    ]
    # The new version of a flow replaces its published links.
    assert link_cycle_errors([linking("pub")], existing_links={"pub": {"a"}, "a": {"pub"}}) == []


def test_links_without_a_cycle_are_fine():
    assert link_cycle_errors([linking("a", "b"), linking("b", "c"), linking("c")]) == []


# ── JSONB definitions (proposals) ──


def problems_in(definition, **options) -> list[str]:
    return [str(e) for e in checked_definition(definition, **options)[1]]


def test_definition_shape_problems_are_errors_not_exceptions():
    assert problems_in({"slug": "p", "start": "a"}, source="proposal 3") == [
        "proposal 3: nodes is missing: nodes is a list of steps, each starting with '- id:'"
    ]
    assert problems_in(["not", "a", "flow"], source="proposal 3") == [
        "proposal 3: a flow must be a mapping with slug, title, start and nodes"
    ]
    broken = {
        "slug": "p",
        "title": "P",
        "start": "a",
        "nodes": [
            {"id": "a", "type": "question", "text": "Q?", "options": [{"id": "x", "label": "X"}, "y"]},
            {"type": "resolve", "text": "no id"},
        ],
    }
    assert problems_in(broken, source="proposal 3") == [
        "proposal 3: node 'a': option 1 has no next",
        "proposal 3: node 'a': option 2 must be a mapping with label and next",
        "proposal 3: node 2 has no id",
        "proposal 3: node 'a': question needs at least 2 options (has 0)",
        "proposal 3: node 'a': no resolve or escalate node can be reached from here: add a path that ends the walk",
    ]


def test_a_valid_definition_round_trips_through_to_dict():
    flow, _ = load_flow_text(HEADER + VALID_NODES, "t.yaml")
    assert checked_definition(flow.to_dict(), source="proposal 1") == (flow, [])
    definition = flow.to_dict()
    definition["nodes"][2]["needs_review"] = True
    definition["extra"] = "tolerated in JSONB"
    assert problems_in(definition, source="proposal 1", allow_needs_review=False) == [
        "proposal 1: node 'stuck': needs review: fill it in or remove it before publishing"
    ]
