"""Published flows back to YAML an author can edit and re-import.

Block style, keys in reading order (the order ``to_dict`` writes), multi-line text as
``|`` literal blocks and a blank line between nodes. ``load_flow_text`` reads the
result back to an equal ``Flow``.
"""

from __future__ import annotations

import re

import yaml

from bot.flows.model import Flow


class _FlowYamlDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key ("nodes:\n  - id: …"), as people write them.
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text keeps its lines (|); long paragraphs fold (>) the way authors write them.
    if any(ch in value for ch in _ODD_BREAKS):
        style = '"'  # escaped, since a YAML reader would turn these into plain newlines
    else:
        style = "|" if "\n" in value else ">" if len(value) > _FOLD_AT else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # Lists of words (match keywords, boards) read best on one line: [printer, print queue].
    flow_style = bool(value) and all(isinstance(v, str) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow_style)


_FOLD_AT = 80
_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_FlowYamlDumper.add_representer(str, _represent_text)
_FlowYamlDumper.add_representer(list, _represent_list)

_NODE_START = re.compile(r"^  - id: ", re.MULTILINE)


def flow_to_yaml(flow: Flow) -> str:
    text = yaml.dump(
        flow.to_dict(),
        Dumper=_FlowYamlDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    # A blank line between nodes (within the nodes list only nodes sit at this indent).
    head, sep, nodes = text.partition("\nnodes:\n")
    return head + sep + _NODE_START.sub(lambda m: "\n" + m.group(0), nodes)[1:] if sep else text
