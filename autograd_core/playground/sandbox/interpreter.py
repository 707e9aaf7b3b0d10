"""The interpreter: walks a checked syntax tree and does what each node says, nothing more.

There is no `eval` here and no Python code object anywhere: every statement and expression is a
method of `Interpreter` that looks at the node and performs its meaning with ordinary Python
operations on the values the snippet holds. The snippet's module-level variables live in one
dict (`scope`), a function call's in its own Scope (scopes.py); names it has not assigned resolve
to the safe builtins and exception types, or fail with Python's NameError.

This file holds the statements, assignment and bookkeeping; expressions are in expressions.py,
attribute reads, indexing and calls in access.py and calls.py (mixins of the same class).

Errors: any exception raised while performing a node becomes a SnippetError carrying Python's (or
PyTorch's) message and the position of the innermost node that failed, so the page can say
"line 4: grad can be implicitly created only for scalar outputs".
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import sys
import weakref
from collections.abc import Iterator
from itertools import islice
from typing import Any

from autograd_core.tensor import Tensor

from .access import AccessMixin
from .allowlist import attribute_rules, namespace_member
from .calls import CallMixin
from .classes import ClassMixin
from .comprehensions import ComprehensionMixin
from .control import Break, Continue, ControlMixin
from .copy_module import COPY_PATH, copy_member
from .errors import SnippetError
from .exceptions import EXCEPTION_CLASSES, plain_args
from .expressions import ExpressionMixin
from .formatting import clipped_repr
from .functions import EndOfItems, FunctionMixin, yielding_statements
from .handlers import HandlerMixin
from .limits import Budget, Limits
from .random_module import RANDOM_PATH, random_member
from .result import Span, source_lines
from .safe_builtins import BUILTIN_FUNCTIONS
from .scopes import MODULE, Scope, read
from .scopes import target as binding_scope
from .values import Function, Namespace

_RECORDED_ELEMENTS = 500_000  # tensors a result holds on to (2-4 MB; see held())
_WEAK = weakref.ref
# A pending tensor (note_span) waits for its record until the forward pass that made it ends:
# the next backward() call starts (run.py settles the records then, after the page that draws
# the run has taken the pass's values: graph_explorer/iterations.py), or _PENDING_TENSORS notes
# wait, or the budget looks at the memory and more than _WINDOW_ELEMENTS elements were made
# since the last settling (Budget.release), whichever comes first.
_PENDING_TENSORS = 1_024
_WINDOW_ELEMENTS = 1_000_000
# (a Python without reference counts: every pending tensor is taken as alive, and a record of
# one that dies is dropped at the end, as the records of dead tensors always are)
_refcount = getattr(sys, "getrefcount", lambda obj: 1 << 62)


def _references_when_dead() -> int:
    """What settle_records' reference count reads for a tensor only the pending list holds:
    its note, the loop's local name and getrefcount's own argument."""
    for tensor, _, _ in [(object(), None, None)]:
        return _refcount(tensor)
    return 0


_DEAD_REFS = _references_when_dead() if hasattr(sys, "getrefcount") else -1


class Interpreter(
    HandlerMixin,
    ExpressionMixin,
    AccessMixin,
    CallMixin,
    FunctionMixin,
    ControlMixin,
    ComprehensionMixin,
    ClassMixin,
):
    """One run of one snippet. Not shared between threads: make a new one per run."""

    def __init__(self, source: str, limits: Limits, namespace: dict[str, Any] | None) -> None:
        self.lines = source_lines(source)
        self.budget = Budget(limits)
        self.limits = limits
        self.scope: dict[str, Any] = dict(namespace or {})
        self.module_frame = self.frame = Scope(MODULE, self.scope)
        self.depth = 0  # calls of the snippet's functions in progress
        self.handled: list[SnippetError] = []  # the errors whose `except` blocks are running
        self.yielding: set[int] = set()  # statements of generator functions that yield
        self.random: Any = None  # `import random`: this run's own generator, made when needed
        self.user_attrs: Any = None  # attributes the snippet set on engine objects (ctx.x = 1)
        self.imported = {k for k, v in self.scope.items() if isinstance(v, Namespace)}
        self.output: list[str] = []
        # id(tensor) -> [tensor, names (a tuple: most tensors get none), site]
        self.records: dict[int, list[Any]] = {}
        # (tensor, span, name) noted past the result's share, not yet in `records` (note_span)
        self.pending: list[tuple[Tensor, Span | None, str | None]] = []
        # A pending tensor keeps its graph alive: what waits is let go of before a look at the
        # memory once it holds what a million elements made could (release_pending).
        self.budget.release = self.release_pending
        self.settled_at = 0  # budget.total_elements when the records were last settled
        self.spans: dict[ast.AST, Span] = {}  # the code's expressions, where they are
        self.handlers: dict[ast.AST, Any] = {}  # each node's closure, built once (handlers.py)
        self.bodies: dict[ast.AST, Any] = {}  # each def's and lambda's body, likewise
        self.method_tables: dict[tuple[type, str], Any] = {}  # call_method's choice per type
        self.recorded_elements = 0
        self.warnings: dict[tuple[int | None, str], None] = {}
        self.rules = attribute_rules()
        self.rules_by_type: dict[type, tuple[frozenset[str], frozenset[str]]] = {}
        self.members: dict[tuple[str, str], Any] = {}  # namespace_get's answers, e.g. torch.sin
        self.user_types: dict[type, bool] = {}  # is this type one of the snippet's classes?
        self.class_names: dict[tuple[type, str], bool] = {}  # ClassMixin.registered's answers
        self.line: int | None = None
        self.last_value: Any = None
        self.statements = {
            ast.Expr: self.run_expr,
            ast.Assign: self.run_assign,
            ast.AugAssign: self.run_augassign,
            ast.AnnAssign: self.run_annassign,
            ast.For: self.run_for,
            ast.If: self.run_if,
            ast.With: self.run_with,
            ast.Pass: lambda node: None,
            ast.Break: self.run_break,
            ast.Continue: self.run_continue,
            ast.Assert: self.run_assert,
            ast.Import: self.run_import,
            ast.ImportFrom: self.run_import_from,
            ast.Delete: self.run_delete,
            ast.While: self.run_while,
            ast.Try: self.run_try,
            ast.Raise: self.run_raise,
            ast.FunctionDef: self.run_functiondef,
            ast.ClassDef: self.run_classdef,
            ast.Return: self.run_return,
            ast.Global: self.run_declaration,
            ast.Nonlocal: self.run_declaration,
        }
        self.expressions = self.expression_table()
        for name, value in self.scope.items():
            if isinstance(value, Tensor):
                self.note_tensor(value, name=name)

    # --- running ----------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        self.yielding = yielding_statements(tree)
        body = tree.body
        for i, stmt in enumerate(body):
            self.run_stmt(stmt)
            if i == len(body) - 1 and not isinstance(stmt, ast.Expr):
                self.last_value = None

    def locate(self, error: SnippetError, node: ast.AST) -> SnippetError:
        """Give a SnippetError without a position the position of `node`."""
        if error.line is None and hasattr(node, "lineno"):
            error.line = node.lineno
            error.col = self.column(node.lineno, node.col_offset)
        return error

    def column(self, line: int, byte_col: int) -> int:
        """1-based character column of an ast (0-based, UTF-8 bytes) column."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def runtime_error(self, exc: BaseException, node: ast.AST) -> SnippetError:
        if isinstance(exc, EndOfItems):  # a Dataset's IndexError: already a located error
            return self.locate(exc.error, node)
        # A KeyError shows its key's repr (KeyError: 'a'); the key can be a tuple of long
        # strings, so only its start is written (str(exc) would build all of it).
        keyed = isinstance(exc, KeyError) and exc.args
        message = clipped_repr(exc.args[0]) if keyed else str(exc)
        if isinstance(exc, RecursionError | MemoryError):
            message = (
                "This snippet built something too deeply nested or too large to handle here "
                f"({type(exc).__name__})."
            )
        if not message:
            message = type(exc).__name__
        if len(message) > 2000:  # a KeyError for a 100,000-character key, say
            message = message[:2000] + "…"
        error = SnippetError(message, kind="runtime", error_type=type(exc).__name__)
        error.exc_type = type(exc)
        error.exc_args = plain_args(exc.args)
        return self.locate(error, node)

    # --- statements -------------------------------------------------------------------------

    def run_expr(self, node: ast.Expr) -> None:
        self.last_value = self.evaluate(node.value)

    def run_assign(self, node: ast.Assign) -> None:
        value = self.evaluate(node.value)
        for target in node.targets:
            self.assign(target, value)

    def run_annassign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:  # the annotation itself is not evaluated
            self.assign(node.target, self.evaluate(node.value))

    def run_augassign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            current = self.lookup(target.id)
            value = self.evaluate(node.value)
            self.bind(target.id, self.augmented(node, current, value))
        elif isinstance(target, ast.Subscript):
            obj = self.evaluate(target.value)
            key = self.evaluate(target.slice)
            current = self.get_item(obj, key)
            value = self.evaluate(node.value)
            self.set_item(obj, key, self.augmented(node, current, value))
        else:  # ast.Attribute: `w.data -= lr * w.grad`
            obj = self.evaluate(target.value)
            current = self.get_attribute(obj, target.attr)
            value = self.evaluate(node.value)
            self.set_attribute(obj, target.attr, self.augmented(node, current, value))

    def run_for(self, node: ast.For) -> None:
        for item in self.loop_items(node):
            self.budget.loop_iteration()
            self.assign(node.target, item, site=node.iter)
            if self.run_loop_body(node.body):
                return
        self.run_block(node.orelse)

    def run_loop_body(self, body: list[ast.stmt]) -> bool:
        """One pass of a loop body; returns True when it ended in `break` (`for` and `while`
        share it, as the generator steps share steps_of_loop_body)."""
        try:
            self.run_block(body)
        except Break:
            return True
        except Continue:
            pass
        return False

    def loop_items(self, node: ast.For) -> Iterator[Any]:
        """The items of a for loop, each asked for with the loop's own line as the current
        line: a DataLoader calls a Dataset's __getitem__ from here, and an error inside it is
        "called from" the `for` line, not from the body's last line."""
        iterator = self.iterate(self.evaluate(node.iter))
        while True:
            self.line = node.lineno
            try:
                item = next(iterator)
            except StopIteration:
                return
            yield item

    def run_break(self, node: ast.Break) -> None:
        raise Break

    def run_continue(self, node: ast.Continue) -> None:
        raise Continue

    def run_if(self, node: ast.If) -> None:
        self.run_block(node.body if self.truth(self.evaluate(node.test)) else node.orelse)

    def run_with(self, node: ast.With) -> None:
        with self.managers(node):
            self.run_block(node.body)

    @contextlib.contextmanager
    def managers(self, node: ast.With) -> Iterator[None]:
        """Enter the `with` statement's context managers; exit them however the body ends."""
        entered = []
        try:
            for item in node.items:
                manager = self.evaluate(item.context_expr)
                self.check_context_manager(manager)
                value = manager.__enter__()
                entered.append(manager)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value)
            yield
        finally:
            for manager in reversed(entered):  # restores grad mode even on errors and breaks
                manager.__exit__(None, None, None)

    def run_assert(self, node: ast.Assert) -> None:
        if not self.truth(self.evaluate(node.test)):
            if node.msg is not None:
                message = self.text_of(self.evaluate(node.msg))
            else:
                message = f"assert {ast.get_source_segment(chr(10).join(self.lines), node.test)}"
            raise AssertionError(message)

    def run_delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.unbind(target.id)
            else:
                self.del_item(self.evaluate(target.value), self.evaluate(target.slice))

    def run_import(self, node: ast.Import) -> None:
        for alias in node.names:
            path = "numpy" if alias.name == "numpy" else alias.name
            if alias.asname:
                self.bind_import(alias.asname, Namespace(path))
            else:  # `import torch.nn` binds `torch`, as in Python
                top = path.split(".")[0]
                self.bind_import(top, Namespace(top))

    def run_import_from(self, node: ast.ImportFrom) -> None:
        path = "numpy" if node.module == "numpy" else node.module
        for alias in node.names:
            self.bind_import(alias.asname or alias.name, self.namespace_get(path, alias.name))

    # --- names ------------------------------------------------------------------------------

    def lookup(self, name: str) -> Any:
        if self.frame is not self.module_frame:
            found, value = read(self.frame, name)
            if found:
                return value
        if name in self.scope:
            return self.scope[name]
        if name in BUILTIN_FUNCTIONS:
            return BUILTIN_FUNCTIONS[name]
        if name in EXCEPTION_CLASSES:
            return EXCEPTION_CLASSES[name]
        if hasattr(builtins, name):
            raise SnippetError(f"`{name}` is not available in the playground", kind="unsupported")
        raise NameError(f"name '{name}' is not defined")

    def bind(self, name: str, value: Any) -> None:
        scope = None if self.frame is self.module_frame else binding_scope(self.frame, name)
        if scope is None:
            self.scope[name] = value
            self.imported.discard(name)
        else:
            scope.vars[name] = value
        if isinstance(value, Tensor):
            self.note_tensor(value, name=name)

    def unbind(self, name: str) -> None:
        """`del name` (and the end of an `except ... as name:` block)."""
        scope = None if self.frame is self.module_frame else binding_scope(self.frame, name)
        values = self.scope if scope is None else scope.vars
        if name not in values:
            raise NameError(f"name '{name}' is not defined")
        del values[name]
        if scope is None:
            self.imported.discard(name)

    def bind_import(self, name: str, value: Any) -> None:
        if self.frame is not self.module_frame:  # an import inside a function: a local name
            self.bind(name, value)
            return
        self.scope[name] = value
        if isinstance(value, Namespace):
            self.imported.add(name)

    def namespace_get(self, path: str, name: str) -> Any:
        """`path.name` through the allow-list, as the value a snippet may hold (looked up once
        per run: `torch.no_grad` in a loop body is read on every pass)."""
        member = self.members.get((path, name))
        if member is None:
            member = self.namespace_lookup(path, name)
            if isinstance(member, Function | Namespace):  # (a plain value is read each time)
                self.members[(path, name)] = member
        return member

    def namespace_lookup(self, path: str, name: str) -> Any:
        from .checker import namespace_refusal

        if path == RANDOM_PATH:
            return random_member(self, name)
        if path == COPY_PATH:
            return copy_member(self, name)

        try:
            member = namespace_member(path, name)
        except (ImportError, AttributeError):
            member, missing = None, True
        else:
            missing = False
        shown = "np" if path == "numpy" else path
        if member is None:
            if not missing and (path == "numpy" or _exists(path, name)):
                raise SnippetError(namespace_refusal(path, name), kind="unsupported")
            raise AttributeError(f"module '{shown}' has no attribute '{name}'")
        kind, value = member
        if kind == "namespace":
            return Namespace(value)
        if kind == "function":
            return Function(f"{shown}.{name}", value, "function")
        if kind == "class":
            return Function(f"{shown}.{name}", value, "class", real=value)
        return value

    # --- assignment -------------------------------------------------------------------------

    def assign(self, target: ast.expr, value: Any, site: ast.AST | None = None) -> None:
        if isinstance(target, ast.Name):
            if site is not None and isinstance(value, Tensor):
                self.note_tensor(value, site=site)
            self.bind(target.id, value)
        elif isinstance(target, ast.Tuple | ast.List):
            items = self.unpack(value, len(target.elts))
            for element, item in zip(target.elts, items):
                self.assign(element, item, site)
        elif isinstance(target, ast.Subscript):
            obj = self.evaluate(target.value)
            self.set_item(obj, self.evaluate(target.slice), value)
        elif isinstance(target, ast.Attribute):
            self.set_attribute(self.evaluate(target.value), target.attr, value)
        else:  # the checker only lets the targets above through
            raise SnippetError("this kind of assignment is not supported", kind="unsupported")

    def unpack(self, value: Any, n: int) -> list[Any]:
        """`a, b = value`: exactly n items, with Python's messages, without materialising a
        long sequence first."""
        if isinstance(value, Tensor | list | tuple | str | range | dict):
            length = len(value)
            if length > n:
                raise ValueError(f"too many values to unpack (expected {n})")
            if length < n:
                raise ValueError(f"not enough values to unpack (expected {n}, got {length})")
            return list(self.iterate(value))
        items = list(islice(self.iterate(value), n + 1))
        if len(items) > n:
            raise ValueError(f"too many values to unpack (expected {n})")
        if len(items) < n:
            raise ValueError(f"not enough values to unpack (expected {n}, got {len(items)})")
        return items

    # --- tensors the snippet touched --------------------------------------------------------

    def note_tensor(self, tensor: Tensor, *, name: str | None = None, site: Any = None) -> None:
        """Remember `tensor` for the result: the names it was bound to, and the expression that
        made it (the first one only). Past the result's share (held()), the note waits in
        `pending` as note_span's do, unless the tensor's record holds it already."""
        if self.recorded_elements > _RECORDED_ELEMENTS:
            record = self.records.get(id(tensor))
            if record is None or record[0] is not tensor:
                pending = self.pending
                pending.append((tensor, None if site is None else self.span_of(site), name))
                if len(pending) >= _PENDING_TENSORS:
                    self.settle_records()
                return
        else:
            record = self.record_of(tensor)
        if name is not None and name not in record[1]:
            record[1] = (*record[1], name)
        if site is not None and record[2] is None:
            record[2] = self.span_of(site)

    def note_site(self, tensor: Tensor, site: ast.AST) -> None:
        """note_tensor(tensor, site=site), for an expression that made `tensor`."""
        self.note_span(tensor, self.span_of(site))

    def note_span(self, tensor: Tensor, span: Span | None) -> None:
        """Remember that `tensor` was made at `span` (if nothing made it before). It runs for
        every tensor every expression makes (38,000 in a 2,000-step fit), and most of those die
        a few lines later unseen: once the result holds all the tensors it keeps (held()), a
        note is only put in `pending`, and the tensor's record is made when the records are
        next read (settle_records), and only if it is still alive then.

        A pending tensor is kept alive until then, and that is what lets the Graph Explorer
        show every value of a loop's iteration: when the next backward() call starts, the
        forward pass's tensors are all still there to be read, even `a + b * x` that nothing
        else keeps. The wait is bounded: the next backward() call, _PENDING_TENSORS notes, and
        _WINDOW_ELEMENTS elements made (release_pending)."""
        if self.recorded_elements > _RECORDED_ELEMENTS:
            pending = self.pending
            pending.append((tensor, span, None))
            if len(pending) >= _PENDING_TENSORS:
                self.settle_records()
            return
        key, records = id(tensor), self.records
        record = records.get(key)
        if record is not None:
            held = record[0]
            if held is tensor or (type(held) is _WEAK and held() is tensor):
                if record[2] is None:
                    record[2] = span
                return
            del records[key]  # a tensor that died, whose id this one has: see record_of
        records[key] = [self.held(tensor), (), span]

    def release_pending(self) -> None:
        """Before the budget looks at the memory (every million elements made): settle the
        pending notes if what they keep alive could be more than _WINDOW_ELEMENTS elements'
        worth (everything made since the last settling), so it is neither counted for long
        nor kept; a forward pass smaller than that keeps its values for the page."""
        if self.budget.total_elements - self.settled_at > _WINDOW_ELEMENTS:
            self.settle_records()

    def settle_records(self) -> None:
        """The records of the pending notes' tensors that are still alive, made in the order
        the notes were taken, as note_span and note_tensor would have made them at once (a
        tensor that died meanwhile would only have left a record of a dead tensor, which
        nothing reads). Called before `records` is read (run.py) and when `pending` is full."""
        self.settled_at = self.budget.total_elements
        pending = self.pending
        if not pending:
            return
        self.pending = []
        records, weak, refcount, dead = self.records, _WEAK, _refcount, _DEAD_REFS
        for tensor, span, name in pending:
            if refcount(tensor) <= dead:  # held by nothing but its note
                continue
            key = id(tensor)
            record = records.get(key)
            if record is not None:
                held = record[0]
                if held is not tensor and (type(held) is not weak or held() is not tensor):
                    del records[key]  # a tensor that died, whose id this one has: see record_of
                    record = None
            if record is None:
                record = records[key] = [weak(tensor), (), span]
            elif record[2] is None:
                record[2] = span
            if name is not None and name not in record[1]:
                record[1] = (*record[1], name)
        tensor = None
        pending.clear()

    def record_of(self, tensor: Tensor) -> list[Any]:
        """[tensor or a weak reference to it, names, site] for `tensor`, made when it is new."""
        record = self.records.get(id(tensor))
        if record is not None and type(record[0]) is weakref.ref and record[0]() is not tensor:
            # A tensor that died, whose id a new one has now. The new record goes to the end:
            # the records' order is the order tensors were made in, which the pages rely on
            # (what came after a loop's last backward call).
            del self.records[id(tensor)]
            record = None
        if record is None:
            record = self.records[id(tensor)] = [self.held(tensor), (), None]
        return record

    def held(self, tensor: Tensor) -> Any:
        """How a record holds a new tensor. The first half-million elements' worth of tensors
        are kept for the result (the graph pages name nodes with them: a 2,000-point fit's first
        twenty-odd steps); past that, remember a tensor only while it lives. Each tensor kept
        also keeps its graph, and a long training loop's graphs are what Python's collector
        walks again and again: at 4 million elements, the full-size nn fit spent up to a
        quarter of its time in full collections."""
        if self.recorded_elements > _RECORDED_ELEMENTS:
            return weakref.ref(tensor)
        self.recorded_elements += tensor._data.size  # (not numel(): a lazy weight refuses it)
        return tensor if self.recorded_elements <= _RECORDED_ELEMENTS else weakref.ref(tensor)

    def span_of(self, site: Any) -> Span | None:
        """Where expression `site` is: one Span per expression of the code, however many
        tensors a loop makes there."""
        span = self.spans.get(site)
        if span is None and hasattr(site, "end_lineno"):
            span = Span(site.lineno, site.col_offset, site.end_lineno, site.end_col_offset)
            self.spans[site] = span
        return span

    # --- output and warnings ----------------------------------------------------------------

    def write(self, text: str) -> None:
        self.budget.output(len(text))
        self.output.append(text)

    def warn(self, message: str, category: type) -> None:
        if issubclass(category, UserWarning) and len(self.warnings) < 100:
            self.warnings[(self.line, message)] = None


def _exists(path: str, name: str) -> bool:
    from .allowlist import real_object

    try:
        return hasattr(real_object(path), name)
    except ImportError:
        return False
