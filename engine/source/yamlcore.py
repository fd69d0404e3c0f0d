"""A YAML loader that reads plain scalars the way YAML 1.2 (core schema) does, as editors do.

PyYAML follows YAML 1.1: there `yes`, `no`, `on`, `off`, `y` and `n` are booleans, `2026-01-01`
is a date object, `0777` is 511 and `1:20` is 80. The YAML language server that checks a file
against the published JSON Schema reads YAML 1.2, where all of those are text. Reading them the
same way keeps one verdict for editor and program: `yes` for a ja/nee-field is refused by both
(with a message saying to write true/false or ja/nee), and a date stays text until the model
checks it (so a date that does not exist gets a Dutch message instead of a parser error).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (about 15x faster on our files), else PyYAML's own
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"

_CORE = {
    BOOL: (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    INT: (re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")),
    FLOAT: (re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
            list("-+0123456789.")),
}


class CoreLoader(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader with YAML 1.2 core-schema resolution of booleans, numbers and (no) dates."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (BOOL, INT, FLOAT, TIMESTAMP)]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
for _tag, (_regexp, _first) in _CORE.items():
    CoreLoader.add_implicit_resolver(_tag, _regexp, _first)
CoreLoader.add_constructor(INT, CoreLoader.construct_yaml_int)
