"""The Graph Explorer's toggles, done as edits of the snippet's text.

Flipping "requires_grad" on a leaf, "detach here" on an intermediate, "retain_grad", or "run under
no_grad" changes the *code*, not some hidden state: the rewritten snippet is ordinary PyTorch a
learner can copy out and run in real PyTorch, getting the same gradients the page shows.

    >>> src = "import torch\\nx = torch.tensor(2.0, requires_grad=True)\\ny = x ** 2\\n"
    >>> print(apply_overrides(src, Overrides(requires_grad={"x": False}, retain_grad={"y"})))
    import torch
    x = torch.tensor(2.0, requires_grad=True)
    x.requires_grad_(False)
    y = x ** 2
    y.retain_grad()
    <BLANKLINE>

Edits are made at the positions `ast` reports, so comments and formatting elsewhere stay as the
learner wrote them (the program is never unparsed). What each override does:

- requires_grad {name: flag}: `name.requires_grad_(flag)` after every statement that binds `name`
  to a newly created tensor (`torch.tensor(...)`, `torch.randn(...)`, `x.detach()`, ...);
- detach {Span}: the expression at that span becomes `(expr).detach()` (spans as in
  SnippetResult.sites);
- retain_grad {name}: `name.retain_grad()` after every statement that assigns `name`;
- no_grad: everything after the leading imports is indented under `with torch.no_grad():`.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass, field

from .allowlist import words
from .errors import SnippetError
from .parsing import parse
from .result import Span, source_lines

# Calls whose result is a new leaf tensor: where a requires_grad switch belongs.
CREATORS = words(
    "tensor as_tensor ones zeros full empty eye arange linspace logspace rand randn randint "
    "randperm normal zeros_like ones_like full_like empty_like rand_like randn_like Tensor "
    "Parameter detach requires_grad_ new_tensor new_zeros new_ones new_full"
)
# Conversions of a new tensor that leave it a leaf: `torch.Tensor([2.0]).double()` (micrograd's
# lecture), `torch.randn(3).float()`, `torch.zeros(2).to(torch.float64)`.
CONVERSIONS = words("double float half to cpu contiguous")

_CLOSE, _STATEMENT, _OPEN = 0, 1, 2  # order of insertions that fall on the same offset


@dataclass(frozen=True)
class Overrides:
    """What the learner switched on the Graph Explorer page (empty: the snippet as written)."""

    requires_grad: Mapping[str, bool] = field(default_factory=dict)
    detach: frozenset[Span] = frozenset()
    retain_grad: frozenset[str] = frozenset()
    no_grad: bool = False


def apply_overrides(source: str, overrides: Overrides) -> str:
    """The snippet with `overrides` written into it as PyTorch code (see the module docstring).

    Raises SnippetError if the source does not parse or an override names nothing in it.
    """
    text = _Text(source)
    tree = _parse(source)
    edits: list[tuple[int, int, str]] = []  # (offset, order, text to insert)
    # The switches name the program's own variables (the run's top-level ones): a `b` inside a
    # function is another tensor, whatever its name.
    statements = _top_level_statements(tree)
    for name, flag in overrides.requires_grad.items():
        found = [s for s in statements if _creates_leaf(s, name)]
        if not found:
            raise _missing(f"no statement creates the leaf tensor `{name}`")
        # ... and after every later change of the flag, so the switch has the last word.
        found += [s for s in statements if _sets_flag(s, name)]
        for stmt in found:
            edits.append(text.after(stmt, f"{name}.requires_grad_({bool(flag)})"))
    for span in sorted(overrides.detach):
        node = _expression_at(tree, span)
        if node is None:
            raise _missing(f"no expression at line {span.line}, column {span.col} to detach")
        edits.append((text.offset(span.line, span.col), _OPEN, "("))
        edits.append((text.offset(span.end_line, span.end_col), _CLOSE, ").detach()"))
    for name in sorted(overrides.retain_grad):
        found = [s for s in statements if name in _assigned_names(s)]
        if not found:
            raise _missing(f"no statement assigns `{name}`")
        for stmt in found:
            edits.append(text.after(stmt, f"{name}.retain_grad()"))
    result = text.insert(edits)
    if overrides.no_grad:
        result = _wrap_in_no_grad(result)
    return result


def _parse(source: str) -> ast.Module:
    try:
        return parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise SnippetError(f"the snippet does not parse: {exc}", kind="syntax") from None


def _missing(message: str) -> SnippetError:
    return SnippetError(message, kind="unsupported")


class _Text:
    """The source with ast positions (line, UTF-8 byte column) turned into string offsets."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source_lines(source, keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, byte_col: int) -> int:
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        return self.starts[line - 1] + len(text.encode("utf-8")[:byte_col].decode("utf-8"))

    def after(self, stmt: ast.stmt, code: str) -> tuple[int, int, str]:
        """Where and how to put `code` right after `stmt`, at the statement's indentation."""
        start = self.offset(stmt.lineno, stmt.col_offset)
        end = self.offset(stmt.end_lineno, stmt.end_col_offset)
        line_start = self.starts[stmt.lineno - 1]
        end_line = self.lines[stmt.end_lineno - 1]
        end_line_stop = self.starts[stmt.end_lineno - 1] + len(end_line.rstrip("\r\n"))
        before = self.source[line_start:start]
        rest = self.source[end:end_line_stop].strip()
        if before.strip() == "" and (rest == "" or rest.startswith("#")):
            return end_line_stop, _STATEMENT, f"\n{before}{code}"
        # on a line shared with other statements (`if c: x = t` or `x = t; y = 1`)
        return end, _STATEMENT, f"; {code}"

    def insert(self, edits: list[tuple[int, int, str]]) -> str:
        out, previous = [], 0
        for offset, _order, code in sorted(edits, key=lambda e: (e[0], e[1])):
            out.append(self.source[previous:offset])
            out.append(code)
            previous = offset
        out.append(self.source[previous:])
        return "".join(out)


def _assigned_names(stmt: ast.stmt) -> set[str]:
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AugAssign | ast.AnnAssign):
        targets = [stmt.target]
    names = set()
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


def _creates_leaf(stmt: ast.stmt, name: str) -> bool:
    """Does `stmt` bind `name` to the result of a tensor-creating call?"""
    pairs: list[tuple[ast.expr, ast.expr]] = []
    if isinstance(stmt, ast.Assign):
        for target in stmt.targets:
            if isinstance(target, ast.Tuple | ast.List) and isinstance(stmt.value, ast.Tuple):
                pairs += list(zip(target.elts, stmt.value.elts))
            else:
                pairs.append((target, stmt.value))
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        pairs.append((stmt.target, stmt.value))
    return any(
        isinstance(target, ast.Name) and target.id == name and _is_creation(value)
        for target, value in pairs
    )


def _sets_flag(stmt: ast.stmt, name: str) -> bool:
    """`name.requires_grad_(...)` or `name.requires_grad = ...`: the code changes the flag."""

    def on_name(node: ast.expr, attr: str) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr == attr
            and isinstance(node.value, ast.Name)
            and node.value.id == name
        )

    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return on_name(stmt.value.func, "requires_grad_")
    if isinstance(stmt, ast.Assign):
        return any(on_name(t, "requires_grad") for t in stmt.targets)
    return False


def _is_creation(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called in CONVERSIONS and isinstance(func, ast.Attribute):
        return _is_creation(func.value)  # a new tensor converted: still a leaf
    return called in CREATORS


def _top_level_statements(tree: ast.Module) -> list[ast.stmt]:
    """Every statement outside the program's functions and classes (those of its loops, ifs,
    withs and trys included), in source order."""
    found: list[ast.stmt] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in reversed(list(ast.iter_child_nodes(node))):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if isinstance(child, ast.stmt):
                found.append(child)
            if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                stack.append(child)
    return sorted(found, key=lambda s: (s.lineno, s.col_offset))


def _expression_at(tree: ast.Module, span: Span) -> ast.expr | None:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.expr)
            and not isinstance(getattr(node, "ctx", None), ast.Store | ast.Del)
            and (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset) == span
        ):
            return node
    return None


def _wrap_in_no_grad(source: str) -> str:
    """Indent everything after the leading imports under `with torch.no_grad():`."""
    tree = _parse(source)
    body = tree.body
    leading = 0
    while leading < len(body) and isinstance(body[leading], ast.Import | ast.ImportFrom):
        leading += 1
    if leading == len(body):
        return source  # nothing to run under no_grad
    first = body[leading]
    text = _Text(source)
    if leading and body[leading - 1].end_lineno == first.lineno:  # `import torch; x = ...`
        cut = text.offset(body[leading - 1].end_lineno, body[leading - 1].end_col_offset)
        start = text.offset(first.lineno, first.col_offset)
        return _wrap_in_no_grad(source[:cut] + "\n" + source[start:])
    torch_name = _torch_alias(body[:leading])
    in_strings = _string_continuation_lines(source)
    region = text.lines[first.lineno - 1 :]
    unit = "\t" if any(line.startswith("\t") for line in region) else "    "
    out = text.lines[: first.lineno - 1]  # imports and the comments around them stay on top
    if torch_name is None:
        out.append("import torch\n")
        torch_name = "torch"
    out.append(f"with {torch_name}.no_grad():\n")
    for number, line in enumerate(region, start=first.lineno):
        blank = line.strip() == ""
        out.append(line if blank or number in in_strings else unit + line)
    return "".join(out)


def _torch_alias(imports: list[ast.stmt]) -> str | None:
    for node in imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "torch":
                    return alias.asname or "torch"
                if alias.name.startswith("torch.") and alias.asname is None:
                    return "torch"
    return None


def _string_continuation_lines(source: str) -> set[int]:
    """Lines that continue a multi-line string: indenting them would change the string."""
    lines: set[int] = set()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            lines.update(range(token.start[0] + 1, token.end[0] + 1))
    return lines
