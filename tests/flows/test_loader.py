"""Reading flow files: YAML mistakes with line numbers, wrong shapes, typos, and links across a batch."""

from pathlib import Path

from bot.flows.loader import load_flow_files, load_flow_text

VALID = """\
slug: t
title: Test flow
start: a
nodes:
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
    return [str(e) for e in load_flow_text(text, "t.yaml")[1]]


def test_yaml_syntax_error_names_the_line():
    broken = VALID.replace("    text: Plugged it in.", "    text: Plugged: in: again")
    assert errors(broken) == ["t.yaml: line 13: not valid YAML: mapping values are not allowed here"]


def test_empty_file():
    assert errors("") == ["t.yaml: the file is empty"]


def test_a_document_that_is_not_a_mapping():
    assert errors("- just\n- a list\n") == [
        "t.yaml: line 1: a flow must be a mapping with slug, title, start and nodes"
    ]


def test_nodes_must_be_a_list():
    assert errors("slug: t\ntitle: T\nstart: a\nnodes:\n  a: {type: resolve}\n") == [
        "t.yaml: line 5: nodes is not a list: nodes is a list of steps, each starting with '- id:'"
    ]


def test_nodes_missing():
    assert errors("slug: t\ntitle: T\nstart: a\n") == [
        "t.yaml: nodes is missing: nodes is a list of steps, each starting with '- id:'"
    ]


def test_a_node_that_is_not_a_mapping_and_one_without_id():
    text = VALID + "  - just text\n  - type: resolve\n    text: No id.\n"
    assert errors(text) == [
        "t.yaml: node 4 must be a mapping with id, type and text",
        "t.yaml: line 19: node 5 has no id",
    ]


def test_duplicate_node_ids_are_caught_while_parsing():
    text = VALID + "  - id: done\n    type: resolve\n    text: Second one.\n"
    assert errors(text) == [
        "t.yaml: node 'done': line 18: id is used by another node (line 11): node ids must be unique"
    ]
    flow, _ = load_flow_text(text, "t.yaml")
    assert flow.nodes["done"].text == "Plugged it in."


def test_unknown_keys_are_typos_with_a_suggestion():
    text = VALID.replace("    text: Plugged it in.", "    text: Plugged it in.\n    nxt: a").replace(
        "title: Test flow", "title: Test flow\nstrat: a"
    )
    text = text.replace("{id: no, label: No, next: stuck}", "{id: no, lable: No, next: stuck}")
    assert errors(text) == [
        "t.yaml: line 3: unknown key 'strat': did you mean 'start'?",
        "t.yaml: node 'a': line 11: option 2: unknown key 'lable': did you mean 'label'?",
        "t.yaml: node 'a': line 11: option 2 has no label",
        "t.yaml: node 'done': line 15: unknown key 'nxt': did you mean 'next'?",
        "t.yaml: node 'a': question needs at least 2 options (has 1)",
        "t.yaml: node 'stuck': unreachable from start 'a': point an option or next at it, or remove it",
    ]


def test_a_key_written_twice_is_an_error():
    text = VALID.replace("    text: Plugged it in.", "    text: Plugged it in.\n    text: Again.")
    assert errors(text) == ["t.yaml: line 14: not valid YAML: key 'text' appears twice in the same mapping: keep one"]


def test_wrong_kind_of_value():
    text = VALID.replace("    text: Plugged it in.", "    text: [a, list]").replace("title: Test flow", "title: {a: 1}")
    assert errors(text) == [
        "t.yaml: line 2: title must be text, not a mapping",
        "t.yaml: node 'done': line 11: text must be text, not a list",
        "t.yaml: title is missing: give the flow a title technicians will recognise",
        "t.yaml: node 'done': text is empty: say what the technician should check, do or tell the user",
    ]


def test_yes_and_no_stay_words_and_numbers_are_ids():
    flow, found = load_flow_text(VALID.replace("next: done}", "next: 7}").replace("id: done", "id: 7"), "t.yaml")
    assert found == []
    assert [(o.id, o.label, o.next) for o in flow.nodes["a"].options] == [("yes", "Yes", "7"), ("no", "No", "stuck")]


def test_option_ids_are_derived_from_labels_when_omitted():
    text = VALID.replace(
        "      - {id: yes, label: Yes, next: done}\n      - {id: no, label: No, next: stuck}\n",
        '      - {label: "It\'s fixed!", next: done}\n'
        "      - {label: Still broken, next: stuck}\n"
        "      - {label: Still BROKEN, next: stuck}\n"
        "      - {id: still-broken-3, label: Explicit, next: stuck}\n"
        "      - {label: '???', next: stuck}\n",
    )
    flow, found = load_flow_text(text, "t.yaml")
    assert found == []
    assert [o.id for o in flow.nodes["a"].options] == [
        "it-s-fixed",
        "still-broken",
        "still-broken-2",
        "still-broken-3",
        "option",
    ]
    # Stable: the same file gives the same ids, so buttons of an old message still mean the same answer.
    assert load_flow_text(text, "t.yaml")[0] == flow


def test_links_and_match_hints_are_read():
    text = VALID.replace(
        "title: Test flow",
        "title: Test flow\nmatch:\n  keywords: [printer, print queue]\n  boards: Service Desk\n",
    ).replace(
        "    text: Plugged it in.",
        "    text: Plugged it in.\n    links:\n      - {title: KB 12, url: 'https://kb.example.com/12'}",
    )
    flow, found = load_flow_text(text, "t.yaml")
    assert found == []
    assert flow.match.keywords == ("printer", "print queue")
    assert flow.match.boards == ("Service Desk",)
    assert flow.nodes["done"].links[0].url == "https://kb.example.com/12"


# ── batches of files ──


def flow_file(tmp_path: Path, slug: str, link_to: str | None = None) -> Path:
    link = f"\n  - id: onward\n    type: link\n    text: Continue.\n    flow: {link_to}\n" if link_to else ""
    text = VALID.replace("slug: t", f"slug: {slug}")
    if link_to:
        text = text.replace("next: stuck}", "next: onward}").replace(
            "  - id: stuck\n    type: escalate\n    text: Still broken.\n    category: hardware_fault\n", ""
        )
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text + link)
    return path


def test_links_may_target_the_batch_or_published_flows(tmp_path):
    paths = [flow_file(tmp_path, "a", link_to="b"), flow_file(tmp_path, "b", link_to="published")]
    flows, found = load_flow_files(paths, known_slugs={"published"})
    assert found == []
    assert [f.slug for f in flows] == ["a", "b"]
    _, found = load_flow_files(paths)
    assert [str(e) for e in found] == [
        "b.yaml: node 'onward': links to flow 'published', which is neither in this import nor published"
    ]


def test_link_cycles_across_the_batch(tmp_path):
    paths = [flow_file(tmp_path, "a", link_to="b"), flow_file(tmp_path, "b", link_to="a")]
    _, found = load_flow_files(paths)
    assert [str(e) for e in found] == [
        "a.yaml: node 'onward': links back to itself (a -> b -> a): a walk could loop forever; "
        "end one of these flows instead"
    ]


def test_two_files_with_one_slug(tmp_path):
    first = flow_file(tmp_path, "a")
    second = tmp_path / "copy.yaml"
    second.write_text(first.read_text())
    flows, found = load_flow_files([first, second])
    assert [str(e) for e in found] == ["copy.yaml: slug 'a' is also used by a.yaml"]
    assert len(flows) == 1


def test_every_file_is_checked_even_after_a_broken_one(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("slug: [\n")
    missing = tmp_path / "missing.yaml"
    flows, found = load_flow_files([broken, missing, flow_file(tmp_path, "ok")])
    assert [f.slug for f in flows] == ["ok"]
    assert [e.source for e in found] == ["broken.yaml", "missing.yaml"]
    assert found[0].message.startswith("line 2: not valid YAML:")
    assert found[1].message.startswith(f"cannot read {missing}:")


def test_files_to_publish_may_not_hold_nodes_that_need_review(tmp_path):
    path = flow_file(tmp_path, "draft")
    path.write_text(
        path.read_text().replace("    text: Still broken.", "    text: Still broken.\n    needs_review: true")
    )
    assert load_flow_text(path.read_text(), "draft.yaml")[1] == []
    assert load_flow_files([path])[1] == []  # a proposal's draft may keep its stubs
    _, found = load_flow_files([path], allow_needs_review=False)
    assert [str(e) for e in found] == [
        "draft.yaml: node 'stuck': needs review: fill it in or remove it before publishing"
    ]
