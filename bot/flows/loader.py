"""Read flow files: YAML text -> ``Flow`` plus every problem found, named by file, line and node.

The YAML dialect is tuned for people writing troubleshooting steps: ``label: Yes`` stays
the text "Yes" (plain YAML 1.1 would make it a boolean), and a key written twice in one
mapping is an error rather than the last one silently winning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from bot.flows.model import Flow
from bot.flows.validation import FlowError, flow_from_data, link_cycle_errors, validate_flow


class _Map(dict):
    """A mapping that remembers the (1-based) line it starts on, for error messages."""

    line: int | None = None
    key_lines: dict


class _List(list):
    line: int | None = None


class _FlowYamlLoader(yaml.SafeLoader):
    pass


# Only true/false are booleans; yes/no/on/off are the words the author typed.
_FlowYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FlowYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class DuplicateKey(yaml.MarkedYAMLError):
    pass


def _construct_mapping(loader: _FlowYamlLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise DuplicateKey(
                None, None, f"key '{key}' appears twice in the same mapping: keep one", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _FlowYamlLoader, node: yaml.SequenceNode) -> _List:
    out = _List(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_FlowYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FlowYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str) -> object:
    """Parse flow YAML with the author-friendly rules above (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=_FlowYamlLoader)  # noqa: S506 - a SafeLoader subclass


def load_flow_text(text: str, source: str) -> tuple[Flow | None, list[FlowError]]:
    """Parse and validate one flow file. Links are checked only against this flow's own slug;
    ``load_flow_files`` checks them across a batch."""
    flow, errors = _parse(text, source)
    if flow is None:
        return None, errors
    return flow, errors + validate_flow(flow, source=source)


def load_flow_files(
    paths: list[Path],
    known_slugs: set[str] = set(),  # noqa: B006 - read only
    *,
    existing_links: Mapping[str, set[str]] = {},  # noqa: B006 - read only
    allow_needs_review: bool = True,
) -> tuple[list[Flow], list[FlowError]]:
    """Load and validate a batch for publishing. A link may target a flow in the batch or in
    ``known_slugs`` (already published); ``existing_links`` (slug -> slugs it links to, for the
    published flows) lets a cycle through a published flow be caught too.

    Returns every flow that could be built (even ones with errors) and every error; callers
    publish only when the error list is empty. Importing passes ``allow_needs_review=False``;
    a proposal's draft may keep its stubs.
    """
    flows: list[Flow] = []
    errors: list[FlowError] = []
    sources: dict[str, str] = {}
    for path in paths:
        source = path.name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(FlowError(source, None, f"cannot read {path}: {exc}"))
            continue
        flow, parse_errors = _parse(text, source)
        errors += parse_errors
        if flow is None:
            continue
        if not flow.slug or flow.slug in sources:
            # Checked on its own: it can't take part in links (no slug, or another file has it).
            if flow.slug:
                errors.append(FlowError(source, None, f"slug '{flow.slug}' is also used by {sources[flow.slug]}"))
            errors += validate_flow(
                flow, source=source, known_slugs=set(known_slugs) | set(sources), allow_needs_review=allow_needs_review
            )
            continue
        sources[flow.slug] = source
        flows.append(flow)

    linkable = set(known_slugs) | set(sources)
    for flow in flows:
        errors += validate_flow(
            flow, source=sources[flow.slug], known_slugs=linkable, allow_needs_review=allow_needs_review
        )
    # File by file, in the order given, so an author reads each file's problems together.
    order = {path.name: i for i, path in reversed(list(enumerate(paths)))}
    errors.sort(key=lambda e: order.get(e.source, len(order)))
    errors += link_cycle_errors(flows, existing_links=existing_links, sources=sources)
    return flows, errors


def _parse(text: str, source: str) -> tuple[Flow | None, list[FlowError]]:
    try:
        data = parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, [FlowError(source, None, f"{line}not valid YAML: {problem}")]
    except yaml.YAMLError as exc:
        return None, [FlowError(source, None, f"not valid YAML: {exc}")]
    if data is None:
        return None, [FlowError(source, None, "the file is empty")]
    return flow_from_data(data, source=source, strict=True)
