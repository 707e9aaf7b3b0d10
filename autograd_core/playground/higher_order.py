"""A learner's function and its derivatives: f, f′, f″, f‴ over a range, at a point, and Hessians.

The idea the Higher-order page teaches: with `create_graph=True`, the derivative that
`autograd.grad` returns is itself a tensor with a graph (`grad_fn=<MulBackward0>`), so it can be
differentiated again, as often as you like:

    >>> (x,) = point_tensors(2.0)
    >>> y = x ** 3
    >>> (d1,) = autograd.grad(y, x, create_graph=True)   # 3x² = 12, with a graph of its own
    >>> (d2,) = autograd.grad(d1, x)                      # 6x = 12

The learner types f as text. It is run by the playground's snippet language
(`playground.sandbox.run_snippet`, never `eval`), with the input tensors bound by name:

    >>> evaluate_expression("x**3", {"x": tensor(2.0)})
    tensor(8.)

Everything here raises FormulaError (a ValueError with `.message` and `.hint`) for any bad
input, and nothing else; work that runs outside the snippet (the backward passes) is bounded by
the same kind of budget the snippet had, so no input can keep a shared server busy.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from autograd_core import autograd, dtypes
from autograd_core.creation import tensor
from autograd_core.grad_mode import enable_grad
from autograd_core.tensor import Tensor

from .sandbox.formula import MATH_SHORTCUTS, TORCH_SHORTCUTS, FormulaError, check_formula
from .sandbox.limits import DEFAULT_LIMITS
from .sandbox.parsing import parse

MAX_ORDER = 3
MAX_POINTS = 1001
MAX_ABS_INPUT = 1e6  # ranges and points beyond this only show float32 overflow
ORDER_NAMES = ("f", "f′", "f″", "f‴")

# Starting points for the page, from the seed tutorials (x³, sin(x²)) and shapes worth seeing.
EXAMPLES: dict[str, str] = {
    "x³": "x**3",
    "sin(x)": "sin(x)",
    "sin(x²)": "sin(x**2)",
    "Gaussian bump": "exp(-x**2)",
    "x⁴ − 2x²": "x**4 - 2*x**2",
    "tanh(x)": "tanh(x)",
    "sigmoid(x)": "sigmoid(x)",
    "x · sin(x)": "x * sin(x)",
}
EXAMPLES_2D: dict[str, str] = {
    "x²·y + y³": "x**2 * y + y**3",
    "sin(x·y)": "sin(x * y)",
    "x² + 3y²  (a bowl)": "x**2 + 3 * y**2",
    "x² − y²  (a saddle)": "x**2 - y**2",
    "(1 − x)² + 100(y − x²)²": "(1 - x)**2 + 100 * (y - x**2)**2",
}

EXAMPLE_HINT = "Write an expression of x such as x**3, sin(x) or torch.exp(-x**2)."

T = TypeVar("T")


# A worker's deadline: the formula's run (its time_limit), then the bounded passes over it (each
# stopped by its own budget: `bounded`'s seconds), with room to spare.
FORMULA_SECONDS = DEFAULT_LIMITS.time_limit + 5.0


def in_worker(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) where learner formulas run: a worker process in the app, this process in
    tests and notebooks (sandbox.workers); a worker that had to be stopped is an
    FormulaError saying which limit was hit."""
    from .sandbox.formula import within_one_allowance
    from .sandbox.workers import AFTER_THE_SNIPPET, isolated

    # the formula's run and every pass over it share one snippet's time and memory
    return isolated(
        within_one_allowance,
        fn,
        *args,
        seconds=FORMULA_SECONDS,
        cpu_seconds=DEFAULT_LIMITS.time_limit + AFTER_THE_SNIPPET,
        stopped_as=FormulaError,
    )


# --- running the learner's expression --------------------------------------------------------


def check_expression(text: Any) -> str:
    """The expression, stripped, if it is one Python expression of bounded length."""
    return check_formula(text, EXAMPLE_HINT)


def imports_for(expression: str) -> list[str]:
    """The import lines real PyTorch needs to run `expression` as the page ran it."""
    try:
        names = {n.id for n in ast.walk(parse(expression, mode="eval")) if isinstance(n, ast.Name)}
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        names = set()
    lines = ["import torch"]
    for module, shortcuts in (("torch", TORCH_SHORTCUTS), ("math", MATH_SHORTCUTS)):
        used = [name for name in shortcuts if name in names]
        if used:
            lines.append(f"from {module} import {', '.join(used)}")
    if "math" in names:
        lines.insert(1, "import math")
    return lines


def evaluate_expression(text: Any, variables: Mapping[str, Any]) -> Any:
    """The value of expression `text` with `variables` bound, run by the snippet language.

    Besides `variables`, the expression may use torch, math, pi, e and the shortcuts in
    sandbox/formula.py's PRELUDE.
    """
    from .sandbox import SnippetError, formula

    source = check_expression(text)
    try:
        return formula.evaluate(source, variables)
    except SnippetError as exc:
        raise FormulaError(exc.message, exc.hint) from None


def bounded(fn: Callable[[], T], seconds: float = 2.0) -> T:
    """Run `fn` (engine work outside a snippet, e.g. backward passes) under the snippet
    language's budget; anything that goes wrong becomes an FormulaError."""
    from .sandbox import SnippetError, formula

    try:
        return formula.bounded(fn, seconds)
    except SnippetError as exc:
        raise FormulaError(exc.message, exc.hint) from None
    except (RuntimeError, TypeError, ValueError, IndexError, ArithmeticError) as exc:
        if isinstance(exc, FormulaError):
            raise
        raise FormulaError(f"{type(exc).__name__}: {exc}"[:500]) from None


def check_number(value: Any, what: str) -> float:
    """A finite float of reasonable size, or FormulaError."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise FormulaError(f"{what} must be a number, not {value!r:.40}.") from None
    if not math.isfinite(number):
        raise FormulaError(f"{what} must be a finite number, not {number}.")
    if abs(number) > MAX_ABS_INPUT:
        raise FormulaError(
            f"{what} = {number:g} is too large; use values between "
            f"{-MAX_ABS_INPUT:g} and {MAX_ABS_INPUT:g}."
        )
    return number


def point_tensors(*values: float) -> tuple[Tensor, ...]:
    """Scalar leaves requiring grad, float32 as torch.tensor(2.0) would make them."""
    return tuple(tensor(float(v), requires_grad=True) for v in values)


def _derivative(out: Tensor, x: Tensor, grad_outputs: Tensor | None = None) -> Tensor:
    """d out / d x with a graph (create_graph=True); zeros once nothing depends on x any more
    (the derivative of a constant: PyTorch would refuse to differentiate it)."""
    if not out.requires_grad:
        return x.detach() * 0
    (g,) = autograd.grad(out, x, grad_outputs=grad_outputs, create_graph=True, allow_unused=True)
    return x.detach() * 0 if g is None else g


# --- f and its derivatives at one point -------------------------------------------------------


@dataclass(frozen=True)
class PointDerivatives:
    """f, f′, f″, f‴ at x0 as floats and as PyTorch prints them, and the graph that
    create_graph=True recorded for y and dy/dx (plain data: no live tensors, so it can come
    back from the worker process that ran the learner's expression)."""

    expression: str
    x0: float
    values: tuple[float, ...]
    reprs: tuple[str, ...]
    requires_grad: tuple[bool, ...]  # whether each of f, f′, f″ ... still depends on x
    graph: Any  # networkx.DiGraph of y = f(x) and dy/dx sharing the leaf x

    def code(self) -> str:
        """The PyTorch that computes these derivatives, each result as PyTorch prints it.

        A derivative that no longer depends on x (no grad_fn) cannot be differentiated by
        autograd.grad: PyTorch raises, and every higher derivative is 0; the code says so."""
        lines = [
            *imports_for(self.expression),
            f"x = torch.tensor({self.x0!r}, requires_grad=True)",
            f"y = {self.expression}" + f"  # {self.reprs[0]}",
        ]
        previous = "y"
        for k in range(1, len(self.values)):
            name = f"d{k}"
            if not self.requires_grad[k - 1]:
                lines.append(
                    f"# {name} = 0: {previous} has no grad_fn (it does not depend on x), and "
                    f'autograd.grad({previous}, x) would raise "element 0 of tensors does '
                    'not require grad and does not have a grad_fn"'
                )
                previous = name
                continue
            lines.append(
                f"{name}, = torch.autograd.grad({previous}, x, create_graph=True)"
                f"  # {self.reprs[k]}"
            )
            previous = name
        return "\n".join(lines)


def _as_output(value: Any, x: Tensor, what: str) -> Tensor:
    """The expression's value as a tensor shaped like x (a plain number is a constant)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Tensor):
        raise FormulaError(
            f"{what} gave a {type(value).__name__}, not a number or a tensor.", EXAMPLE_HINT
        )
    if not isinstance(value, Tensor):
        return tensor(float(value)) + x.detach() * 0
    if not value.is_floating_point():
        value = value.to(dtypes.float32)
    if tuple(value.shape) != tuple(x.shape):
        if value.numel() == 1 and not value.requires_grad:  # a constant tensor
            return value.reshape(()) + x.detach() * 0
        raise FormulaError(
            f"{what} gave a tensor of shape {list(value.shape)}, but it must give one value per "
            f"x (shape {list(x.shape)}).",
            "Use only elementwise operations of x (no sum(), mean() or indexing x[0]).",
        )
    return value


def derivatives_at(expression: str, x0: float, order: int = MAX_ORDER) -> PointDerivatives:
    """f(x0) and its first `order` derivatives, each by autograd.grad(create_graph=True).

    >>> [round(v, 4) for v in derivatives_at("x**3", 2.0).values]
    [8.0, 12.0, 12.0, 6.0]
    """
    order = _check_order(order)
    x0 = check_number(x0, "x")
    (x,) = point_tensors(x0)
    y = _as_output(evaluate_expression(expression, {"x": x}), x, "f(x)")

    def chain() -> list[Tensor]:
        out = [y]
        for _ in range(order):
            out.append(_derivative(out[-1], x))
        return out

    tensors = bounded(chain)
    return PointDerivatives(
        expression=expression.strip(),
        x0=x0,
        values=tuple(float(t.item()) for t in tensors),
        reprs=tuple(repr(t) for t in tensors),
        requires_grad=tuple(bool(t.requires_grad) for t in tensors),
        graph=bounded(lambda: _first_derivative_graph(x, tensors)),
    )


def _first_derivative_graph(x: Tensor, tensors: list[Tensor]) -> Any:
    from .graph import build_graph, plain_graph

    y, d1 = tensors[0], tensors[1] if len(tensors) > 1 else tensors[0]
    roots = [t for t in (y, d1) if t.requires_grad]
    names = {"x": x, "y": y, "dy/dx": d1}
    return plain_graph(build_graph(*(roots or [x]), names=names))


def derivative_graph(point: PointDerivatives) -> Any:
    """The graph create_graph=True built: y = f(x) and dy/dx, which share the leaf x (a
    networkx.DiGraph from autograd_core.playground.graph.build_graph)."""
    return point.graph


# --- f and its derivatives over a range -------------------------------------------------------


@dataclass(frozen=True)
class DerivativeCurves:
    """f and its derivatives at each of `xs` (NaN where f is not defined)."""

    expression: str
    xs: np.ndarray
    curves: tuple[np.ndarray, ...]  # curves[k] is the k-th derivative

    @property
    def nonfinite(self) -> bool:
        return any(not np.isfinite(c).all() for c in self.curves)

    @property
    def drawn(self) -> tuple[np.ndarray, ...]:
        """The curves as drawn: a derivative is left out wherever f itself is not a number.
        (PyTorch applies the derivative's formula anyway: log(x) is nan for x < 0, yet its
        gradient 1/x is a number there, the slope of a function that is not there.)"""
        undefined = ~np.isfinite(self.curves[0])
        return tuple(np.where(undefined, np.nan, c) if k else c for k, c in enumerate(self.curves))

    def undefined_note(self) -> str | None:
        """A sentence for the learner when f is undefined somewhere the derivatives are not."""
        undefined = ~np.isfinite(self.curves[0])
        numbers = np.zeros_like(undefined)
        for c in self.curves[1:]:
            numbers |= np.isfinite(c)
        hidden = undefined & numbers
        if not hidden.any():
            return None
        where = _ranges_text(self.xs, hidden)
        return (
            f"f is not a number for {where}, yet PyTorch's derivative formulas still give "
            "numbers there (the gradient of log(x) is 1/x, even where log(x) is nan): those "
            "slopes of a function that is not there are not drawn."
        )


def _ranges_text(xs: np.ndarray, mask: np.ndarray) -> str:
    """`x from -2 to -0.02` (and `and …` for more runs) for the runs of True in `mask`."""
    runs, start = [], None
    for i, flag in enumerate([*mask.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            lo, hi = xs[start], xs[i - 1]
            runs.append(f"x = {lo:.3g}" if start == i - 1 else f"x from {lo:.3g} to {hi:.3g}")
            start = None
    return " and ".join(runs[:3]) + (" and elsewhere" if len(runs) > 3 else "")


def derivative_curves(
    expression: str, lo: float, hi: float, n: int = 201, order: int = MAX_ORDER
) -> DerivativeCurves:
    """f, f′, ... at n points of [lo, hi], all at once: x is one vector, and because f acts on
    each element on its own, the gradient of f(x).sum() is f′ at every point.

    >>> c = derivative_curves("x**2", -1.0, 1.0, n=3)
    >>> [list(map(float, k)) for k in c.curves]
    [[1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [2.0, 2.0, 2.0], [0.0, 0.0, 0.0]]
    """
    order = _check_order(order)
    lo, hi = check_number(lo, "The start of the range"), check_number(hi, "The end of the range")
    if not lo < hi:
        raise FormulaError(f"The range must go up: {lo:g} is not below {hi:g}.")
    if not 2 <= n <= MAX_POINTS:
        raise FormulaError(f"The number of points must be between 2 and {MAX_POINTS}.")
    xs = np.linspace(lo, hi, n).astype(np.float32)
    x = tensor(xs, requires_grad=True)
    y = _as_output(evaluate_expression(expression, {"x": x}), x, "f(x)")

    def chain() -> list[Tensor]:
        ones = tensor(np.ones(n, dtype=np.float32))
        out = [y]
        for _ in range(order):
            out.append(_derivative(out[-1], x, ones))
        _check_elementwise(y, x, out[1], n)
        return out

    tensors = bounded(chain)
    return DerivativeCurves(
        expression=expression.strip(),
        xs=xs.astype(np.float64),
        curves=tuple(t.detach()._data.astype(np.float64) for t in tensors),
    )


def _check_elementwise(y: Tensor, x: Tensor, d1: Tensor, n: int) -> None:
    """If f acts on each x separately its Jacobian is diagonal, so vᵀJ = v ⊙ (1ᵀJ) for any v.
    One extra backward pass with a random v catches `x.sum()`, `x - x.mean()`, `x.cumsum(0)`."""
    if not y.requires_grad:
        return
    v = np.random.default_rng(0).uniform(0.5, 1.5, n).astype(np.float32)
    (vj,) = autograd.grad(y, x, grad_outputs=tensor(v), retain_graph=True, allow_unused=True)
    if vj is None:
        return
    got, want = vj.detach()._data, v * d1.detach()._data
    finite = np.isfinite(got) & np.isfinite(want)
    if not np.allclose(got[finite], want[finite], rtol=1e-3, atol=1e-5):
        raise FormulaError(
            "f(x) mixes different x values together (like x.sum(), x.mean() or x[0]), so it is "
            "not a function of one number and has no curve f′(x).",
            "Use only elementwise operations of x: x**3, sin(x), exp(-x**2), x * tanh(x).",
        )


def _check_order(order: Any) -> int:
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
        raise FormulaError(f"The order must be a whole number from 0 to {MAX_ORDER}.")
    return order


# --- two variables: gradient and Hessian ------------------------------------------------------


@dataclass(frozen=True)
class HessianResult:
    """f(x, y) at a point, its gradient and its Hessian H[i][j] = ∂²f/∂vᵢ∂vⱼ."""

    expression: str
    names: tuple[str, str]
    point: tuple[float, float]
    value: float
    gradient: np.ndarray  # shape (2,)
    hessian: np.ndarray  # shape (2, 2)

    def code(self) -> str:
        a, b = self.point
        return "\n".join(imports_for(self.expression)) + (
            f"\nx = torch.tensor({a!r})\n"
            f"y = torch.tensor({b!r})\n"
            f"H = torch.autograd.functional.hessian(lambda x, y: {self.expression}, (x, y))"
        )

    @property
    def symmetric(self) -> bool:
        h = self.hessian
        return bool(np.isclose(h[0, 1], h[1, 0], rtol=1e-4, atol=1e-5, equal_nan=True))


def hessian_at(expression: str, point: tuple[float, float]) -> HessianResult:
    """The Hessian of f(x, y) at `point` by autograd.functional.hessian.

    >>> hessian_at("x**2 * y + y**3", (2.0, 3.0)).hessian.tolist()
    [[6.0, 4.0], [4.0, 18.0]]
    """
    names = ("x", "y")
    p = (check_number(point[0], "x"), check_number(point[1], "y"))
    check_expression(expression)
    leaves = point_tensors(*p)

    def f(a: Tensor, b: Tensor) -> Tensor:
        out = evaluate_expression(expression, {"x": a, "y": b})
        if isinstance(out, Tensor) and out.numel() == 1:
            out = out.reshape(())
        return _as_output(out, a, "f(x, y)")

    def compute() -> tuple[Tensor, tuple[Tensor, ...], Any]:
        with enable_grad():
            a, b = (t.detach().requires_grad_(True) for t in leaves)
            value = f(a, b)
            grads = tuple(_derivative(value, t) for t in (a, b))
        if not value.requires_grad:
            # A constant: every second derivative is 0. (PyTorch's hessian returns zeros here;
            # this engine's raises "element 0 of tensors does not require grad".)
            zero = leaves[0].detach() * 0
            return value, grads, ((zero, zero), (zero, zero))
        return value, grads, autograd.functional.hessian(f, leaves)

    value, grads, table = bounded(compute)
    hessian = np.array([[float(table[i][j].item()) for j in range(2)] for i in range(2)])
    return HessianResult(
        expression=expression.strip(),
        names=names,
        point=p,
        value=float(value.item()),
        gradient=np.array([float(g.item()) for g in grads]),
        hessian=hessian,
    )
