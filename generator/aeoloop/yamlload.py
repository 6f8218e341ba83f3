"""YAML written by people (front matter, brand files, rule files): errors with a line, never a
traceback.

PyYAML raises more than ``YAMLError`` on input a writer can type: ``date: 2026-13-45`` or
``2026-01-01T25:00:00Z`` looks like a timestamp and raises ``ValueError`` from ``datetime``;
``!!int abc`` raises ``ValueError``; deep nesting raises ``RecursionError`` in the pure-Python
composer, and aliases can make a small file expand to billions of values downstream. Here:

- an impossible date stays the text it is, so the model that reads the key reports it as a
  bad date on its line (other keys pass it on as text);
- any other value that cannot be built becomes a ``ConstructorError`` marked at that value;
- :func:`check_node` refuses documents nested deeper than :data:`MAX_DEPTH` or expanding to
  more than :data:`MAX_VALUES` values (aliases counted each time they are used), marked at the
  node where the limit is passed.

All of these are ``yaml.MarkedYAMLError``, so callers that already turn ``YAMLError`` into
``file:line`` messages handle them unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError

MAX_DEPTH = 64
MAX_VALUES = 200_000

if TYPE_CHECKING:
    from yaml import SafeLoader as _Base
else:  # libyaml's loader when PyYAML was built with it
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """The safe loader (libyaml when available) with the repairs of the module docstring."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as err:
            raise ConstructorError(None, None, f"cannot read this value ({err})", node.start_mark) from None


def _timestamp(loader: Loader, node: yaml.ScalarNode) -> Any:  # (the tag is resolved on scalars only)
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)  # an impossible date: the reader of the key says so


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class LimitError(yaml.MarkedYAMLError):
    """A document too deep or too large to be a hand-written file."""


def check_node(node: yaml.Node | None) -> None:
    """Refuse a composed document nested deeper than MAX_DEPTH or with more than MAX_VALUES
    values (aliases expanded); iterative, so it cannot overflow the stack itself."""
    if node is None:
        return
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    seen = 0
    while stack:
        current, depth = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            raise LimitError(
                None, None, f"nested more than {MAX_DEPTH} levels deep; flatten the structure", current.start_mark
            )
        if seen > MAX_VALUES:
            raise LimitError(
                None,
                None,
                f"more than {MAX_VALUES:,} values (counting each use of an alias); "
                "a hand-written file never needs that many",
                current.start_mark,
            )
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in current.value)


def _marked(text: str, err: yaml.reader.ReaderError) -> yaml.MarkedYAMLError:
    """A reader error (a control character) with the line it is on, like every other error."""
    pos = max(0, min(int(err.position), len(text)))
    line = text.count("\n", 0, pos)
    column = pos - (text.rfind("\n", 0, pos) + 1)
    what = f"character {err.character!r} is not allowed" if isinstance(err.character, str) else str(err.reason)
    return LimitError(None, None, f"{what}; remove it", yaml.Mark("<text>", pos, line, column, None, 0))


def marks(err: yaml.YAMLError) -> yaml.MarkedYAMLError:
    """The error's marks and texts: PyYAML's parse errors carry them; any other error has none
    (all ``None``), so callers read ``problem_mark``, ``context`` ... without probing for them."""
    return err if isinstance(err, yaml.MarkedYAMLError) else yaml.MarkedYAMLError()


def compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """(node, data) of one YAML document. Raises ``yaml.YAMLError`` (marked where possible)."""
    try:
        loader = Loader(text)
    except yaml.reader.ReaderError as err:
        raise _marked(text, err) from None
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise LimitError(None, None, "nested too deeply to read; flatten the structure", None) from None
        except yaml.reader.ReaderError as err:
            raise _marked(text, err) from None
        check_node(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data
