"""Small edits of snippet text the explorer needs, and a way back to the text as typed.

    seeded(code)             the same code, with torch.manual_seed(0) right after `import torch`
    prefix_before(code, n)   the code up to the statement that failed on line n (to draw what
                             was computed before an error)
    SpanMap(typed, ran)      a span in the code that ran (with the toggles written in) -> the
                             same expression in the code as typed

All three work on positions, as `ast` reports them (lines 1-based, columns in UTF-8 bytes), so
line numbers of everything the learner wrote stay as they were.
"""

from __future__ import annotations

import ast
import difflib

from ..sandbox import Span
from ..sandbox.parsing import parse

SEED = 0


def seeded(code: str, seed: int = SEED) -> str:
    """`code` with `torch.manual_seed(seed)` appended to the line of its first `import torch`.

    Why: every run of a snippet starts a fresh random generator, so `torch.randn(3)` would draw
    new numbers on every rerun, and a toggle or a finite difference would compare two different
    tensors. Seeding keeps reruns comparable. The call goes on the import's own line (after a
    `;`), so no other line moves. Code without a plain `import torch` line is returned as it is.
    """
    try:
        tree = parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return code
    lines = code.splitlines(keepends=True)
    for stmt in tree.body:
        if not isinstance(stmt, ast.Import):
            continue
        alias = next((a.asname or a.name for a in stmt.names if a.name == "torch"), None)
        if alias is None or stmt.lineno != stmt.end_lineno:
            continue
        line = lines[stmt.lineno - 1]
        raw = line.encode("utf-8")
        rest = raw[stmt.end_col_offset :].decode("utf-8").strip()
        if rest and not rest.startswith("#"):
            return code  # another statement shares the line: leave its columns alone
        head = raw[: stmt.end_col_offset].decode("utf-8")
        tail = raw[stmt.end_col_offset :].decode("utf-8")
        lines[stmt.lineno - 1] = f"{head}; {alias}.manual_seed({int(seed)}){tail}"
        return "".join(lines)
    return code


def prefix_before(code: str, line: int) -> str | None:
    """The code before the statement that failed on `line`, or None if nothing precedes it.

    The cut goes into `with` blocks (a with body runs once, so its first statements ran just as
    written) but not into loops or `if`s, whose earlier iterations or other branch would make a
    cut version run differently from the original.
    """
    try:
        tree = parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = code.splitlines(keepends=True)
    body, indent = tree.body, None
    while True:
        stmt = next((s for s in body if s.lineno <= line <= (s.end_lineno or s.lineno)), None)
        if stmt is None:
            return None
        inside = isinstance(stmt, ast.With) and line > stmt.lineno and stmt.body
        if not inside:
            break
        body, indent = stmt.body, stmt.body[0].col_offset
    kept = "".join(lines[: stmt.lineno - 1])
    if body is not tree.body and stmt is body[0]:
        kept += " " * (indent or 0) + "pass\n"  # a with block needs a body
    if not any(s.lineno < stmt.lineno for s in tree.body):
        return None
    return kept


class SpanMap:
    """Find, for a span in `ran` (the code with toggles written in), the span of the same text
    in `typed` (the code as the learner wrote it); None if that text was added by a toggle.

    The toggles only ever insert text (lines, brackets and `.detach()`, indentation), so lines
    are matched by their content without leading spaces, then characters within a changed line.
    """

    def __init__(self, typed: str, ran: str) -> None:
        self.typed = typed.splitlines()
        self.ran = ran.splitlines()
        self.same = typed == ran
        self.lines: dict[int, int] = {}  # ran line index -> typed line index
        if not self.same:
            matcher = difflib.SequenceMatcher(
                None, [s.strip() for s in self.typed], [s.strip() for s in self.ran], False
            )
            for tag, a0, a1, b0, b1 in matcher.get_opcodes():
                if tag == "equal":
                    self.lines.update({b0 + k: a0 + k for k in range(b1 - b0)})
                elif tag == "replace":
                    self._align(range(a0, a1), range(b0, b1))

    def _align(self, typed: range, ran: range) -> None:
        """Lines a toggle changed (brackets added) next to lines it added: pair each typed line
        with the next ran line that is mostly the same text, in order."""
        start = ran.start
        for a in typed:
            for b in range(start, ran.stop):
                similar = difflib.SequenceMatcher(None, self.typed[a].strip(), self.ran[b].strip())
                if similar.ratio() >= 0.6:
                    self.lines[b] = a
                    start = b + 1
                    break

    def line(self, line: int) -> int | None:
        """Line `line` of `ran` as a line of `typed` (None: a line a toggle added)."""
        if self.same:
            return line
        index = self.lines.get(line - 1)
        return None if index is None else index + 1

    def point(self, line: int, col: int) -> tuple[int, int] | None:
        """(line, col) of `ran` (col: 1-based characters, as in error messages) in `typed`."""
        if self.same:
            return line, col
        index = self.lines.get(line - 1)
        if index is None or line - 1 >= len(self.ran):
            return None
        mapped = _map_column(self.typed[index], self.ran[line - 1], col - 1, False)
        return None if mapped is None else (index + 1, mapped + 1)

    def __call__(self, span: Span | None) -> Span | None:
        if span is None or self.same:
            return span
        start = self._point(span.line, span.col)
        end = self._point(span.end_line, span.end_col, end=True)
        if start is None or end is None:
            return None
        return Span(start[0], start[1], end[0], end[1])

    def _point(self, line: int, byte_col: int, end: bool = False) -> tuple[int, int] | None:
        index = self.lines.get(line - 1)
        if index is None or line - 1 >= len(self.ran):
            return None
        ran_line, typed_line = self.ran[line - 1], self.typed[index]
        col = len(ran_line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
        mapped = _map_column(typed_line, ran_line, col, end)
        if mapped is None:
            return None
        return index + 1, len(typed_line[:mapped].encode("utf-8"))


def _map_column(typed: str, ran: str, col: int, end: bool) -> int | None:
    """Column `col` of `ran` as a column of `typed`, if it lies in text the two share."""
    if typed == ran:
        return col
    matcher = difflib.SequenceMatcher(None, typed, ran, False)
    for a, b, size in matcher.get_matching_blocks():
        if b <= col < b + size or (end and size and col == b + size):
            return a + (col - b)
    return None


def replace_span(code: str, span: Span, text: str) -> str:
    """`code` with the text at `span` replaced by `text`."""
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, byte_col: int) -> int:
        raw = lines[line - 1].encode("utf-8")[:byte_col]
        return starts[line - 1] + len(raw.decode("utf-8", "ignore"))

    return code[: offset(span.line, span.col)] + text + code[offset(span.end_line, span.end_col) :]
