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
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FlowYamlDumper.add_representer(str, _represent_text)

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
