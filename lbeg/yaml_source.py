"""Reading a data file's YAML, with the line of every value.

Only safe YAML is read (no tags, no anchors or aliases, no key twice in one
block), and a file that cannot be read gives a FileProblem naming the line,
never a traceback. A file's nodes are parsed again, lazily, only when a
problem needs a line number.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_FILE_BYTES = 64_000


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml where available) that rejects duplicate keys and keeps lines."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise FileProblem("", "a key must be plain text", line_of(key_node.start_mark)) from None
            if duplicate:
                raise FileProblem(show_key(key), "appears twice in the same block", line_of(key_node.start_mark))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):  # type: ignore[override]
        try:
            return super().construct_object(node, deep=deep)
        except (FileProblem, yaml.YAMLError):
            raise
        except (ValueError, TypeError, OverflowError) as error:
            raise FileProblem("", f"cannot read the value {node.value!r}: {error}", line_of(node.start_mark)) from None


def _no_aliases(node: yaml.Node) -> None:
    """Anchors and aliases make one node appear twice; the data never needs them."""
    seen: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            raise FileProblem(
                "", "anchors and aliases (& and *) are not used in this data", line_of(current.start_mark)
            )
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            todo.extend(part for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)


class FileProblem(Exception):
    def __init__(self, field: str, message: str, line: int | None = None):
        super().__init__(message)
        self.field, self.message, self.line = field, message, line


def line_of(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def parse_yaml(raw: bytes) -> tuple[Any, yaml.Node]:
    """Parse one file's bytes; raise FileProblem on anything a person must fix."""
    if len(raw) > MAX_FILE_BYTES:
        raise FileProblem("", f"file is larger than {MAX_FILE_BYTES // 1000} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FileProblem("", f"file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read)", line) from None
    if "\x00" in text:
        raise FileProblem("", "file contains a NUL character, so it is not a text file")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FileProblem("", "file is empty")
        _no_aliases(node)
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        what = ", ".join(part for part in (error.problem, error.context) if part) or "cannot be read"
        raise FileProblem("", f"not valid YAML: {what}", line_of(mark)) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise FileProblem(
            "", f"not valid YAML: character {error.character!r} is not allowed in a text file", line
        ) from None
    except yaml.YAMLError as error:
        raise FileProblem("", "not valid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise FileProblem("", "not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()


class LazyNode:
    """A file's YAML nodes, parsed again only if a problem needs a line number."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.node: yaml.Node | None = None

    def get(self) -> yaml.Node:
        if self.node is None:
            self.node = parse_yaml(self.raw)[1]
        return self.node


Node = yaml.Node | LazyNode


def show_key(key: Any) -> str:
    """A key as text on one line: as it is if it is plain, else quoted."""
    text = str(key)
    return text if text.isprintable() and text.strip() == text and text else repr(text)


def node_line(node: yaml.Node | LazyNode | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest YAML node that `loc` reaches."""
    if isinstance(node, LazyNode):
        node = node.get()
    line = line_of(node.start_mark) if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                return line
            line, node = line_of(match[0].start_mark), match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = line_of(node.start_mark)
        else:
            return line
    return line
