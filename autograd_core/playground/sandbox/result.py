"""What a successful run hands back: SnippetResult, and the Span/TensorRecord it is made of."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Span(NamedTuple):
    """Where an expression is in the snippet, exactly as `ast` reports it: lines are 1-based,
    columns 0-based UTF-8 byte offsets (the same as character offsets on ASCII lines; use
    `span_text` to cut the text out). Hashable, so a set of Spans can name expressions to detach.
    """

    line: int
    col: int
    end_line: int
    end_col: int


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def source_lines(source: str, keepends: bool = False) -> list[str]:
    """The lines of `source` as Python's parser numbers them: ended by \\n, \\r\\n or \\r only.

    Not `str.splitlines()`, which also breaks at \\v, \\f, \\x1c-\\x1e, \\x85, U+2028 and
    U+2029: inside a comment or a string those are ordinary characters to the parser, and line
    numbers from `ast` would point at the wrong line.

    >>> source_lines("x = 1  # a\\x0cb\\ny = 2")
    ['x = 1  # a\\x0cb', 'y = 2']
    """
    lines = _LINE.findall(source)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def span_text(source: str, span: Span) -> str:
    """The source text of `span` (handles non-ASCII lines, where columns count bytes)."""
    lines = source_lines(source, keepends=True)
    first = span.line - 1
    last = span.end_line - 1
    if not 0 <= first <= last < len(lines):
        raise ValueError(f"span {span} is outside the source")
    chunk = "".join(lines[first : last + 1]).encode("utf-8")
    start = span.col
    end = sum(len(line.encode("utf-8")) for line in lines[first:last]) + span.end_col
    return chunk[start:end].decode("utf-8")


@dataclass(frozen=True)
class TensorRecord:
    """A tensor the snippet created or touched, the names it was bound to (in order), and the
    span of the expression that first produced it (None if it came in from `namespace`)."""

    tensor: Any
    names: tuple[str, ...]
    site: Span | None


@dataclass(frozen=True)
class SnippetResult:
    """Everything a page needs after a snippet ran to the end.

    variables  the snippet's own variables at the end, by name (imported modules left out);
               tensors are the very objects the snippet computed, so a graph drawn from them
               shows the snippet's names.
    output     everything print() wrote, in order, exactly as Python would have written it.
    display    repr of the value of a final bare expression (`x.grad` as a notebook's last line
               shows it), or None: kept apart from `output`, which is only what print wrote.
    tensors    every tensor the snippet produced or bound, in order of first appearance.
    sites      id(tensor) -> Span of the expression that produced it (those tensors are kept
               alive by `tensors`, so the ids stay valid as long as this result lives).
    traces     the autograd_core.tracing.BackwardTrace of each backward()/autograd.grad() call.
    warnings   UserWarnings raised while running (PyTorch's, e.g. reading .grad of a non-leaf),
               as "line N: message", each (line, message) once.
    namespace  every binding, imports included: pass it as `namespace=` to run a next cell in
               the same state, notebook-style.
    """

    variables: Mapping[str, Any]
    output: str
    tensors: tuple[TensorRecord, ...]
    sites: Mapping[int, Span]
    traces: tuple[Any, ...]
    warnings: tuple[str, ...]
    display: str | None = None
    namespace: Mapping[str, Any] = field(default_factory=dict)

    def names_of(self, tensor: Any) -> tuple[str, ...]:
        """The snippet names bound to `tensor` (empty for an unnamed intermediate)."""
        for record in self.tensors:
            if record.tensor is tensor:
                return record.names
        return ()
