"""One formula typed by a learner, evaluated by the snippet language with tensors bound to it.

Several pages take a formula rather than a program: f(x) on the Higher-order page, y = f(x) on
Tensors & VJP, the function to minimise on Gradient Descent. They all go through here, so the
formula is run by `run_snippet` (never `eval`) with the same shortcuts everywhere:

    >>> import autograd_core as torch
    >>> evaluate("sin(x) * x**2", {"x": torch.tensor(1.0)})
    tensor(0.8415)

`check_formula` is the one check of the text every page makes first (length, one expression);
`bounded` runs engine work that happens outside a snippet (the backward passes a page makes on
the formula's result) under the same resource limits as a snippet. A page's whole answer to one
formula (`one_allowance`: the formula's runs and every pass over them) shares one snippet's time
and memory: the Gradient Descent race runs the formula once an update, 500 times, and each run
alone may use all of a snippet's limits.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import functools
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

from autograd_core import guard

from .errors import SnippetError
from .limits import DEFAULT_LIMITS, Budget, Limits, limit_error, memory_used
from .parsing import parse
from .run import run_snippet

# Names a formula can use without `torch.` or `math.`: the functions of the seed tutorials
# and a few more that formulas of one variable need.
TORCH_SHORTCUTS = (
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "sinh", "cosh",
    "log1p", "square", "maximum", "minimum", "clamp",
)  # fmt: skip
MATH_SHORTCUTS = ("pi", "e")
PRELUDE = (
    "import torch\nimport math\n"
    f"from torch import {', '.join(TORCH_SHORTCUTS)}\n"
    f"from math import {', '.join(MATH_SHORTCUTS)}\n"
)

T = TypeVar("T")

MAX_FORMULA_CHARS = 300  # a formula of a line or two is all these pages need
FORMULA_HINT = "Type one expression such as x**3, sin(x) * x or torch.exp(-x**2)."


class FormulaError(ValueError):
    """A learner's formula could not be used; `message` says why, `hint` what to do."""

    def __init__(self, message: str, hint: str = FORMULA_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple:  # the hint survives the trip back from a worker process
        return (type(self), (self.message, self.hint))


def check_formula(text: Any, hint: str = FORMULA_HINT) -> str:
    """The formula, stripped, if it is one Python expression of bounded length (it is parsed,
    never run, here); else a FormulaError saying what is wrong. `hint` suggests a formula that
    suits the page."""
    if not isinstance(text, str):
        raise FormulaError(f"The expression must be text, not {type(text).__name__}.", hint)
    source = text.strip()
    if not source:
        raise FormulaError("The expression is empty.", hint)
    if len(source) > MAX_FORMULA_CHARS:
        raise FormulaError(
            f"The expression is {len(source):,} characters long; the limit here is "
            f"{MAX_FORMULA_CHARS}.",
            "Shorten it: a formula of a line or two is all these pages need.",
        )
    try:
        source.encode("utf-8")  # lone surrogates cannot be parsed or shown
        tree = parse(source, mode="eval")
    except (SyntaxError, ValueError, UnicodeEncodeError, RecursionError, MemoryError) as exc:
        what = getattr(exc, "msg", None) or "not valid text"
        raise FormulaError(
            f"This is not a Python expression ({what}).", _syntax_hint(source) or hint
        ) from None
    for node in ast.walk(tree):
        # Programs may define functions and loop in comprehensions; a formula of x is maths.
        refused = _NOT_IN_FORMULAS.get(type(node))
        if refused is not None:
            raise FormulaError(f"A formula here is plain maths in x: {refused} are not used.", hint)
    return source


_NOT_IN_FORMULAS = {
    ast.Lambda: "lambda functions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "generator expressions (comprehensions)",
}


_DANGLING = re.compile(r"(\*\*|//|[-+*/%@^&|<>,.(\[]|\bnot|\band|\bor)\s*$")


def _syntax_hint(source: str) -> str | None:
    """What is most likely wrong with a formula that does not parse, in the learner's terms."""
    if _looks_like_assignment(source):
        return "Type only the right-hand side: for y = x**2, type x**2."
    dangling = _DANGLING.search(source)
    if dangling:
        op = dangling.group(1)
        if op in "([":
            return f"It stops after `{op}`: close it, e.g. sin(x)."
        # The example is ours (the hint is markdown: the learner's text never goes in it).
        example = f", as in `x ** 2 {op} 1`" if op in ("+", "-", "*", "/", "**") else ""
        return f"It stops after `{op}`: write what comes after it{example}."
    if source.count("(") != source.count(")"):
        return "The brackets do not pair up: count the ( and the )."
    return None


def _looks_like_assignment(source: str) -> bool:
    """`y = x**2` (one bare `=`, not ==, <=, >= or !=), which learners type from the page's
    own wording."""
    return re.search(r"(?<![=<>!])=(?!=)", source) is not None


@functools.cache
def prelude() -> Mapping[str, Any]:
    """The bindings of PRELUDE (the snippet language's own safe wrappers), computed once per
    server and read-only: each run starts from its own copy, so no session affects another."""
    return MappingProxyType(dict(run_snippet(PRELUDE).namespace))


def evaluate(
    source: str,
    variables: Mapping[str, Any],
    *,
    no_grad: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """The value of the formula `source` with `variables` bound (raises SnippetError).

    Every snippet starts with grad mode on, as a fresh PyTorch does; `no_grad=True` evaluates
    the formula inside `with torch.no_grad():` (for a grid of values nobody differentiates).
    """
    code = f"with torch.no_grad():\n    value = {source}" if no_grad else f"value = {source}"
    namespace = {**prelude(), **variables}
    with np.errstate(all="ignore"), _what_is_left(limits) as left:
        result = run_snippet(code, namespace=namespace, limits=left)
    return result.variables.get("value")


def bounded(fn: Callable[[], T], seconds: float = 2.0) -> T:
    """Run `fn` (engine work outside a snippet) under the snippet language's budget: tensor
    sizes, graph nodes and time are bounded as for a snippet. Raises SnippetError."""

    def run(limits: Limits) -> T:
        guard.active.set(Budget(limits))
        with np.errstate(all="ignore"):
            return fn()

    with _what_is_left(Limits(time_limit=seconds)) as left:
        return contextvars.copy_context().run(run, left)


# --- one allowance for a page's whole answer ------------------------------------------------


@dataclass(frozen=True)
class _Allowance:
    limits: Limits  # whose time_limit and max_memory_mb the runs share
    cpu_deadline: float  # time.thread_time() past which nothing more may run
    memory_start: tuple[int, int] | None  # memory_used() when the allowance began


_allowance: contextvars.ContextVar[_Allowance | None] = contextvars.ContextVar(
    "formula_allowance", default=None
)


@contextlib.contextmanager
def one_allowance(limits: Limits = DEFAULT_LIMITS) -> Iterator[None]:
    """Every `evaluate` and `bounded` inside shares `limits.time_limit` seconds of processor time
    and `limits.max_memory_mb` of memory growth, counted from here: a page's answer to one
    formula costs the server what one snippet may, however many times it runs the formula."""
    token = _allowance.set(
        _Allowance(limits, time.thread_time() + limits.time_limit, memory_used())
    )
    try:
        yield
    finally:
        _allowance.reset(token)


def within_one_allowance(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) inside `one_allowance()`: what a worker runs for a page (a module-level
    function, so that it can be sent to one)."""
    with one_allowance():
        return fn(*args, **kwargs)


@contextlib.contextmanager
def _what_is_left(limits: Limits) -> Iterator[Limits]:
    """`limits` with no more time and memory than the current allowance has left (refused at
    once when nothing is); a run stopped by what was left says the allowance's own limit."""
    allowance = _allowance.get()
    if allowance is None:
        yield limits
        return
    whole = allowance.limits
    seconds = allowance.cpu_deadline - time.thread_time()
    if seconds <= 0:
        raise limit_error("time_limit", whole)
    megabytes = whole.max_memory_mb - _grown_mb(allowance.memory_start)
    if megabytes <= 0:
        raise limit_error("max_memory_mb", whole)
    left = replace(
        limits,
        time_limit=min(limits.time_limit, seconds),
        max_memory_mb=min(limits.max_memory_mb, max(1, int(megabytes))),
    )
    try:
        yield left
    except SnippetError as error:
        for name in ("time_limit", "max_memory_mb"):
            if error.message == limit_error(name, left).message:
                raise limit_error(name, whole) from None
        raise


def _grown_mb(start: tuple[int, int] | None) -> float:
    now = memory_used()
    if start is None or now is None:
        return 0.0
    return max(now[0] - start[0], now[1] - start[1]) / 2**20


__all__ = [
    "FORMULA_HINT",
    "MATH_SHORTCUTS",
    "MAX_FORMULA_CHARS",
    "PRELUDE",
    "TORCH_SHORTCUTS",
    "FormulaError",
    "SnippetError",
    "bounded",
    "check_formula",
    "evaluate",
    "one_allowance",
    "prelude",
    "within_one_allowance",
]
