"""YAML for fixtures: the safe loader, bounded, strict about keys, times kept as written.

PyYAML's safe loader builds an alias once and shares it, so a few hundred bytes of aliases
can stand for billions of nodes that only blow up later, when the data is validated or
serialised. Here the composed document is measured as if every alias were expanded, before
anything is constructed; nesting is bounded while composing (the composer recurses); a key
given twice in one mapping is an error, not a silent overwrite.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from crisis_timeline.errors import CrisisError

MAX_DEPTH = 64
"""Nesting of mappings and lists; a fixture needs about eight."""

MAX_NODES = 500_000
"""Values in one document, aliases expanded (the largest benchmark fixture holds a few thousand)."""

MAX_SCALAR = 65_536
"""Characters in one value: a title, a statement or a quote (a source's text is a file apart)."""

_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL (PostgreSQL's text cannot hold it) and lone surrogates (UTF-8 cannot encode them)."""
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlError(CrisisError):
    """A document that is not YAML, or YAML beyond our bounds; the message names the line."""


def load(text: str) -> Any:
    """Parse one YAML document safely; YamlError naming the line when it cannot be used."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _Measure().check(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise YamlError(f"not valid YAML: {where}{e.problem or e.context or e}") from None
    except yaml.YAMLError as e:
        raise YamlError(f"not valid YAML: {str(e).splitlines()[0]}") from None
    finally:
        loader.dispose()


class _Loader(yaml.SafeLoader):
    """The safe loader, with nesting bounded and timestamps kept as the text written."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlError(f"line {mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: ScalarNode) -> str:  # type: ignore[override]
        # `published: 2021-12-31` means the partial time "2021-12-31", as if it were quoted;
        # a datetime would lose the precision written and take a zone nobody gave.
        return str(node.value)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = super().construct_yaml_int(node)
        if not -(2**63) <= value < 2**63:
            raise YamlError(
                f"line {node.start_mark.line + 1}: integer {node.value[:30]} "
                "is out of the 64-bit range the store keeps"
            )
        return value


_Loader.add_constructor(_TIMESTAMP, _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


class _Measure:
    """Walks a composed document once per distinct node: expanded size, cycles, duplicate keys."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}

    def check(self, root: Node) -> None:
        if self.size(root) > MAX_NODES:
            raise YamlError(f"more than {MAX_NODES:,} values once its aliases are expanded")

    def size(self, node: Node) -> int:
        if isinstance(node, ScalarNode):  # a value counts once wherever an alias repeats it
            if _UNUSABLE.search(node.value) or len(node.value) > MAX_SCALAR:
                _refuse_scalar(node)
            return 1
        known = self.sizes.get(id(node))
        if known is not None:
            if known < 0:
                raise YamlError(
                    f"line {node.start_mark.line + 1}: an alias refers to a value that contains it"
                )
            return known
        self.sizes[id(node)] = -1
        if isinstance(node, MappingNode):
            _no_duplicate_keys(node)
            total = 1 + sum(self.size(k) + self.size(v) for k, v in node.value)
        else:
            total = 1 + sum(self.size(child) for child in node.value)
        # Stop counting once over the bound: the sizes of an alias bomb grow exponentially.
        self.sizes[id(node)] = min(total, MAX_NODES + 1)
        return self.sizes[id(node)]


def _refuse_scalar(node: ScalarNode) -> None:
    """Say why a value cannot be stored on both databases as UTF-8 text."""
    line, value = node.start_mark.line + 1, node.value
    if len(value) > MAX_SCALAR:
        raise YamlError(
            f"line {line}: a value of {len(value):,} characters (at most {MAX_SCALAR:,})"
        )
    if "\x00" in value:
        raise YamlError(f"line {line}: a value holds a NUL character")
    found = _UNUSABLE.search(value)
    shown = repr(found[0]) if found else "?"
    raise YamlError(
        f"line {line}: a value holds a lone surrogate ({shown}), which UTF-8 cannot encode"
    )


def _no_duplicate_keys(node: MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key, _value in node.value:
        if not isinstance(key, ScalarNode) or key.tag == _MERGE:
            continue
        line, name = key.start_mark.line + 1, (key.tag, key.value)
        if name in seen:
            raise YamlError(
                f"line {line}: key {key.value!r} given twice in one mapping "
                f"(first on line {seen[name]})"
            )
        seen[name] = line
