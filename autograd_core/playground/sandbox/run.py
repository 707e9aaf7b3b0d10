"""run_snippet: text in, SnippetResult (or SnippetError) out.

The steps, each of which can only end in a SnippetError:

1. Text: a `str` (UTF-8 bytes are decoded; anything else is refused), no longer than the limit,
   encodable (a lone surrogate is not).
2. Parse with `ast.parse` (the parser's own depth limits turn 10,000 nested brackets into a
   SyntaxError or a RecursionError, both reported as syntax/limit errors).
3. Check statically (checker.py): nothing outside the subset, so refused code never half-runs.
4. Run, inside a fresh copy of the thread's context: grad mode, print options, the random
   generator, anomaly mode, the engine's guard and the warning collector are all ContextVars, so
   whatever the snippet switches (`torch.set_grad_enabled(False)`, `torch.manual_seed(0)`) stays
   inside this run, and each run starts from PyTorch's defaults, in any thread.
"""

from __future__ import annotations

import ast
import contextvars
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from autograd_core import creation, guard
from autograd_core.grad_mode import set_grad_enabled
from autograd_core.printing import set_printoptions
from autograd_core.tensor import Tensor
from autograd_core.tracing import record_backward

from .capture import collecting
from .checker import check
from .errors import SnippetError
from .formatting import safe_repr
from .functions import ACTIVE
from .interpreter import Interpreter
from .limits import DEFAULT_LIMITS, Limits, limit_error
from .parsing import parse
from .result import SnippetResult, TensorRecord
from .values import Namespace

KEPT_TRACES = 20  # backward traces a result holds on to: the first 19 and the last


def run_snippet(
    source: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    namespace: Mapping[str, Any] | None = None,
    on_backward: Callable[[Any], None] | None = None,
) -> SnippetResult:
    """Run PyTorch snippet `source` with `autograd_core` as torch; raise SnippetError if it
    cannot run to the end.

    namespace: start from these bindings (a previous result's `.namespace`) to run notebook
    cells one after another.
    on_backward: called with each backward pass's tracing.BackwardTrace as it starts (outside
    the snippet's language: for the page that draws the run, not for the snippet).

    >>> result = run_snippet("import torch\\nx = torch.tensor(3.0, requires_grad=True)\\n"
    ...                      "y = x ** 2\\ny.backward()\\nprint(x.grad)")
    >>> result.output
    'tensor(6.)\\n'
    """
    try:
        text = _text(source, limits)
        tree = _parse(text)
        check(tree, limits)
        context = contextvars.copy_context()
        return context.run(_run, text, tree, limits, dict(namespace or {}), on_backward)
    except SnippetError:
        raise
    except Exception as exc:  # a last line of defence: nothing but SnippetError leaves
        raise SnippetError(
            f"{type(exc).__name__}: {exc}"[:2000], kind="runtime", error_type=type(exc).__name__
        ) from None


def _text(source: Any, limits: Limits) -> str:
    if isinstance(source, bytes | bytearray):
        if len(source) > 4 * limits.max_source_chars:
            raise limit_error("max_source_chars", limits, len(source))
        try:
            source = bytes(source).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SnippetError(
                f"The snippet is not valid UTF-8 text (byte {exc.start})", kind="syntax"
            ) from None
    if not isinstance(source, str):
        raise SnippetError(f"A snippet must be text, not {type(source).__name__}", kind="syntax")
    source = source.removeprefix("\ufeff")  # a byte order mark some editors put first
    if len(source) > limits.max_source_chars:
        raise limit_error("max_source_chars", limits, len(source))
    try:
        source.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = source.count("\n", 0, exc.start) + 1
        raise SnippetError(
            "The snippet contains a character that is not valid Unicode text "
            f"(a lone surrogate, U+{ord(source[exc.start]):04X})",
            kind="syntax",
            line=line,
        ) from None
    return source


def _parse(text: str) -> ast.Module:
    try:
        return parse(text, mode="exec")
    except SyntaxError as exc:
        message = exc.msg
        if "null bytes" in message:
            message = "The snippet contains a null byte (\\x00), which is not allowed in code"
        raise SnippetError(
            message, kind="syntax", line=exc.lineno, col=exc.offset, error_type=type(exc).__name__
        ) from None
    except (RecursionError, MemoryError):
        raise SnippetError(
            "The code is nested too deeply for the parser (brackets or operators inside each "
            "other thousands of levels deep).",
            kind="limit",
            error_type="LimitExceeded",
        ) from None
    except ValueError as exc:  # null bytes on older Pythons
        raise SnippetError(str(exc), kind="syntax") from None


def _run(
    text: str,
    tree: ast.Module,
    limits: Limits,
    namespace: dict[str, Any],
    on_backward: Callable[[Any], None] | None = None,
) -> SnippetResult:
    # PyTorch's defaults, whatever this thread did before (we are in a copied context).
    set_grad_enabled(True)
    set_printoptions(profile="default")
    generator = getattr(creation, "_generator", None)  # the engine's per-context generator
    if generator is not None:
        generator.set(None)  # a fresh one: torch.manual_seed here seeds only this run

    interp = Interpreter(text, limits, namespace)
    guard.active.set(interp.budget)
    ACTIVE.set(interp)  # the snippet's functions, called back by the engine, run in this run
    try:
        # A 2,000-step training loop makes 2,000 traces: the result keeps the first ones and
        # always the latest (the others, never looked at, cost almost nothing: tracing.py).
        with (
            collecting(interp.warn),
            record_backward(_forward_ended(interp, on_backward), keep=KEPT_TRACES) as traces,
        ):
            interp.run(tree)
            display = _display(interp, tree, text)
    except SnippetError as error:
        error.output = "".join(interp.output)
        raise
    finally:
        guard.active.set(None)
        ACTIVE.set(None)

    interp.settle_records()
    records = tuple(
        TensorRecord(tensor, tuple(names), site)
        for held, names, site in interp.records.values()
        if (tensor := held() if isinstance(held, weakref.ref) else held) is not None
    )
    variables = {
        k: v
        for k, v in interp.scope.items()
        if k not in interp.imported and not isinstance(v, Namespace)
    }
    return SnippetResult(
        variables=variables,
        output="".join(interp.output),
        tensors=records,
        sites={id(r.tensor): r.site for r in records if r.site is not None},
        traces=tuple(traces),
        warnings=tuple(
            f"line {line}: {message}" if line is not None else message
            for line, message in interp.warnings
        ),
        display=display,
        namespace=dict(interp.scope),
    )


def _forward_ended(
    interp: Interpreter, on_backward: Callable[[Any], None] | None
) -> Callable[[Any], None]:
    """What runs as each backward pass starts: the page's look at the graph (on_backward),
    while the forward pass's tensors are still held by the interpreter's pending records; then
    the records are settled, letting go of the ones nothing else holds."""

    def began(trace: Any) -> None:
        if on_backward is not None:
            on_backward(trace)
        interp.settle_records()

    return began


def _display(interp: Interpreter, tree: ast.Module, text: str) -> str | None:
    """What a notebook shows under the cell: the repr of a final bare expression, unless the
    line ends with `;` (Jupyter's way of hiding it) or the value is None."""
    if not tree.body or not isinstance(tree.body[-1], ast.Expr) or interp.last_value is None:
        return None
    last = tree.body[-1]
    line = interp.lines[last.end_lineno - 1] if last.end_lineno else ""
    rest = line.encode("utf-8")[last.end_col_offset :].decode("utf-8", "replace")
    if rest.split("#", 1)[0].strip().startswith(";"):
        return None
    value = interp.last_value
    if isinstance(value, Tensor):
        interp.note_tensor(value, site=last.value)
    return safe_repr(value, interp.budget)
