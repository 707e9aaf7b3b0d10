"""Vector-Jacobian products: what backward computes when the output is not a single number.

For y = f(x) with x of n numbers and y of m, the derivative is the m×n Jacobian J. backward()
never builds J. It starts from a vector v shaped like y and pushes vᵀJ back through the graph, one
number per element of x, into `x.grad`:

    y.backward(v)        x.grad == vᵀ J        (J[i, j] = ∂yᵢ/∂xⱼ)

With a scalar y, J has one row and v defaults to 1, so backward() just works. With a vector y
PyTorch cannot pick a v for you and says so ("grad can be implicitly created only for scalar
outputs"). Two v's are worth knowing:

    v = ones  →  the gradient of y.sum()     (each xⱼ gets Σᵢ ∂yᵢ/∂xⱼ)
    v = ones/N → the gradient of y.mean()   (the same, divided by N: the 1/N of the mean)

Broadcasting is the other place gradients get summed: an input stretched over extra rows (`M * b`
with b of shape (3,) and M of shape (2, 3)) receives a gradient of the stretched shape, summed
back over the broadcast dimensions to b's shape. `broadcast_demo` shows both sides of that sum
from the engine's own record of the backward pass (autograd_core.tracing).

    >>> demo = vjp_demo("x * x", parse_values("1, 2, 3"), v=parse_values("0.1, 1, 0.001"))
    >>> demo.grad.tolist()                    # x.grad after y.backward(v): v ⊙ 2x
    [0.20000000298023224, 4.0, 0.006000000052154064]
    >>> demo.matches                          # equal to vᵀJ, up to float32 rounding
    True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np

from autograd_core import autograd
from autograd_core.creation import tensor
from autograd_core.tensor import Tensor
from autograd_core.tracing import record_backward

from .higher_order import FormulaError, bounded, check_expression, evaluate_expression

MAX_ELEMENTS = 16  # of x and of y: a 16×16 Jacobian is the most a heatmap shows legibly
MAX_TEXT = 400
MAX_ABS = 1e6


# Starting points for the page: (y = expression, x as typed), from the seed tutorials and the
# shapes of Jacobian worth seeing (diagonal, rectangular, triangular, full, block).
EXAMPLES: dict[str, tuple[str, str]] = {
    "3·(x + 2)²  (elementwise: diagonal J)": ("3 * (x + 2) ** 2", "1, 2, 3"),
    "x³": ("x ** 3", "1, 2, 3"),
    "W @ x  (2 outputs, 3 inputs)": ("torch.tensor([[1., 2., 3.], [0., 1., -1.]]) @ x", "1, 2, 3"),
    "cumulative sum  (triangular J)": ("x.cumsum(0)", "1, 2, 3, 4"),
    "softmax  (every output uses every input)": ("torch.softmax(x, 0)", "1, 2, 3"),
    "x @ x  (a 2×2 matrix input)": ("x @ x", "1, 2; 3, 4"),
    "row sums of a matrix": ("x.sum(1)", "1, 2, 3; 4, 5, 6"),
    "a scalar output: (x ** 2).mean()": ("(x ** 2).mean()", "1, 2, 3"),
}

# --- numbers typed by the learner -------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_values(text: Any, what: str = "x", max_elements: int = MAX_ELEMENTS) -> np.ndarray:
    """Numbers typed as `1, 2, 3` (a vector) or `1, 2; 3, 4` (a matrix, rows split by `;` or new
    lines) as a float32 array. Brackets are ignored, so `[[1, 2], [3, 4]]` works too.

    Only plain decimal numbers are accepted: no names, no nan/inf, nothing evaluated.
    """
    if not isinstance(text, str):
        raise FormulaError(f"{what} must be text such as 1, 2, 3.")
    if len(text) > MAX_TEXT:
        raise FormulaError(f"{what} is {len(text):,} characters long; the limit is {MAX_TEXT}.")
    body = text.strip()
    if body.startswith("[[") or "];" in body or "],[" in body.replace(" ", ""):
        body = re.sub(r"\]\s*,\s*\[", ";", body)
    body = body.replace("[", " ").replace("]", " ")
    rows = [r for r in re.split(r"[;\n]", body) if r.strip()]
    if not rows:
        raise FormulaError(f"{what} is empty.", f"Type numbers such as 1, 2, 3 for {what}.")
    table = [[_number(item, what) for item in re.split(r"[,\s]+", r.strip()) if item] for r in rows]
    widths = {len(r) for r in table}
    if len(widths) != 1:
        raise FormulaError(
            f"The rows of {what} have different lengths ({', '.join(map(str, sorted(widths)))}).",
            "Give every row the same number of values, e.g. 1, 2; 3, 4.",
        )
    array = np.array(table if len(table) > 1 else table[0], dtype=np.float32)
    if array.size > max_elements:
        raise FormulaError(
            f"{what} has {array.size} numbers; the limit here is {max_elements}.",
            "Use a few numbers: a Jacobian is easiest to read when it is small.",
        )
    return array


def _number(item: str, what: str) -> float:
    if not _NUMBER.fullmatch(item):
        shown = item if len(item) <= 20 else item[:20] + "…"
        raise FormulaError(
            f"{what}: {shown!r} is not a number.",
            "Type plain numbers separated by commas (1, 2.5, -3e2); rows split by ;",
        )
    value = float(item)
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise FormulaError(f"{what}: {item} is too large; use numbers within ±{MAX_ABS:g}.")
    return value


def literal(values: Any) -> str:
    """A Python literal for `values` as a learner would type it: [1.0, 0.5], [[1.0, 2.0], ...]."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return _float_text(float(array))
    return "[" + ", ".join(literal(row) for row in array) + "]"


def _float_text(value: float) -> str:
    text = f"{value:.6g}"
    return text if any(ch in text for ch in ".enai") else text + "."


def tensor_repr(values: Any) -> str:
    """How PyTorch prints `values` as a float32 tensor: tensor([1.8000, 24.0000])."""
    return repr(tensor(np.asarray(values, dtype=np.float32)))


V_MODES = ("ones", "one-hot", "custom")


def choose_v(mode: str, shape: tuple[int, ...], index: int = 0, text: str = "") -> np.ndarray:
    """The v to backpropagate: all ones (the gradient of y.sum()), the one-hot eᵢ (row i of J),
    or numbers the learner typed."""
    shape = tuple(shape)
    if mode == "ones":
        return np.ones(shape, dtype=np.float32)
    if mode == "one-hot":
        size = math.prod(shape)
        if not 0 <= int(index) < size:
            raise FormulaError(f"The one-hot position must be between 0 and {size - 1}.")
        v = np.zeros(size, dtype=np.float32)
        v[int(index)] = 1.0
        return v.reshape(shape)
    if mode == "custom":
        return parse_values(text, "v")
    raise FormulaError(f"v must be one of {', '.join(V_MODES)}, not {mode!r}.")


def index_labels(name: str, shape: tuple[int, ...]) -> list[str]:
    """`x[0]`, `x[1]`, ... (or `x[0,1]` for a matrix; just `x` for a scalar), row-major."""
    if not shape:
        return [name]
    return [f"{name}[{','.join(map(str, i))}]" for i in product(*(range(s) for s in shape))]


# --- vᵀJ against backward(v) ------------------------------------------------------------------


@dataclass(frozen=True)
class VJPDemo:
    """One expression y = f(x), its Jacobian, a chosen v, vᵀJ and the .grad backward(v) left."""

    expression: str
    x: np.ndarray
    y: np.ndarray
    jacobian: np.ndarray  # (y.size, x.size): row i is ∂yᵢ/∂x
    v: np.ndarray  # shaped like y
    vjp: np.ndarray  # vᵀJ, shaped like x
    grad: np.ndarray | None  # x.grad after y.backward(v) (None if backward failed)
    backward_error: str | None  # the error y.backward(v) raised, as PyTorch words it
    no_gradient_error: str | None  # the error y.backward() raises (None when y is a scalar)
    y_repr: str

    @property
    def x_labels(self) -> list[str]:
        return index_labels("x", self.x.shape)

    @property
    def y_labels(self) -> list[str]:
        return index_labels("y", self.y.shape)

    @property
    def matches(self) -> bool:
        """vᵀJ equals x.grad (up to float32 rounding)."""
        if self.grad is None:
            return False
        return bool(np.allclose(self.vjp, self.grad, rtol=1e-4, atol=1e-5, equal_nan=True))

    @property
    def nonfinite(self) -> bool:
        return not (np.isfinite(self.jacobian).all() and np.isfinite(self.y).all())

    def code(self) -> str:
        """The PyTorch lines this demo ran (before `y.backward(v)`)."""
        return (
            f"x = torch.tensor({literal(self.x)}, requires_grad=True)\n"
            f"y = {self.expression}\n"
            f"v = torch.tensor({literal(self.v)})\n"
            "y.backward(v)\n"
            "print(x.grad)"
        )


def output_of(expression: str, x_values: np.ndarray) -> Tensor:
    """y = f(x) for the learner's expression, with x a leaf that requires grad."""
    x = tensor(np.asarray(x_values, dtype=np.float32), requires_grad=True)
    return _output(expression, x)


def output_shape(expression: str, x_values: np.ndarray) -> tuple[int, ...]:
    """The shape of y = f(x) (what the page asks before it offers a v shaped like y)."""
    return tuple(output_of(expression, x_values).shape)


def _output(expression: str, x: Tensor) -> Tensor:
    y = evaluate_expression(expression, {"x": x})
    if isinstance(y, bool) or not isinstance(y, Tensor | int | float):
        raise FormulaError(f"y = {expression} gave a {type(y).__name__}, not a tensor.")
    if not isinstance(y, Tensor):
        y = tensor(float(y))
    if y.numel() > MAX_ELEMENTS:
        raise FormulaError(
            f"y has {y.numel()} elements; this page shows Jacobians of up to {MAX_ELEMENTS} "
            "outputs.",
            "Use fewer inputs, or an expression that does not broadcast x to a larger shape.",
        )
    return y


def error_text(exc: BaseException) -> str:
    """`RuntimeError: ...`: the last line of the traceback the learner would see."""
    return f"{type(exc).__name__}: {exc}"


def vjp_demo(expression: str, x_values: np.ndarray, v: np.ndarray | None = None) -> VJPDemo:
    """Evaluate y = f(x); the Jacobian by autograd.functional.jacobian; vᵀJ; and what
    y.backward() and y.backward(v) do on a fresh x (v defaults to ones, reshaped to y's shape
    when the count matches, so `1, 1, 1, 1` works for a 2×2 y)."""
    expression = check_expression(expression)
    x_values = np.asarray(x_values, dtype=np.float32)
    if x_values.size > MAX_ELEMENTS:
        raise FormulaError(f"x has {x_values.size} numbers; the limit is {MAX_ELEMENTS}.")

    def f(x: Tensor) -> Tensor:
        return _output(expression, x)

    def run() -> VJPDemo:
        y = output_of(expression, x_values)
        y_shape = tuple(y.shape)
        jac = autograd.functional.jacobian(f, tensor(x_values))
        jac = jac.detach()._data.reshape(y.numel(), x_values.size).astype(np.float64)
        vv = np.ones(y_shape, dtype=np.float32) if v is None else np.asarray(v, np.float32)
        if vv.size == y.numel() and vv.shape != y_shape:
            vv = vv.reshape(y_shape)
        no_gradient = None
        if y.numel() != 1 or not y.requires_grad:
            try:
                output_of(expression, x_values).backward()
            except RuntimeError as exc:
                no_gradient = error_text(exc)
        grad, backward_error = _backward_with(expression, x_values, vv)
        vjp = vv.reshape(-1).astype(np.float64) @ jac if vv.size == y.numel() else None
        return VJPDemo(
            expression=expression,
            x=x_values.copy(),
            y=y.detach()._data.astype(np.float64),
            jacobian=jac,
            v=vv.astype(np.float64),
            vjp=np.full(x_values.shape, np.nan) if vjp is None else vjp.reshape(x_values.shape),
            grad=grad,
            backward_error=backward_error,
            no_gradient_error=no_gradient,
            y_repr=repr(y),
        )

    return bounded(run)


def _backward_with(
    expression: str, x_values: np.ndarray, v: np.ndarray
) -> tuple[np.ndarray | None, str | None]:
    """x.grad after y.backward(v) on a fresh x, or the error PyTorch raises."""
    x = tensor(x_values, requires_grad=True)
    y = _output(expression, x)
    try:
        y.backward(tensor(v))
    except RuntimeError as exc:
        return None, error_text(exc)
    if x.grad is None:  # y did not depend on x: PyTorch leaves .grad as None
        return np.zeros(x_values.shape), None
    return x.grad._data.astype(np.float64), None


# --- .sum() versus .mean() --------------------------------------------------------------------


@dataclass(frozen=True)
class ReductionDemo:
    """x.grad after y.sum().backward() and after y.mean().backward()."""

    expression: str
    n: int  # y.numel(): the N that mean divides by
    grad_sum: np.ndarray
    grad_mean: np.ndarray


def reduction_demo(expression: str, x_values: np.ndarray) -> ReductionDemo:
    """Both reductions of the same y; mean's gradient is sum's divided by N = y.numel().

    >>> r = reduction_demo("x ** 2", parse_values("1, 2, 3"))
    >>> r.grad_sum.tolist(), [round(g, 4) for g in r.grad_mean.tolist()]
    ([2.0, 4.0, 6.0], [0.6667, 1.3333, 2.0])
    """
    expression = check_expression(expression)
    x_values = np.asarray(x_values, dtype=np.float32)

    def grad_of(reduce: str) -> np.ndarray:
        x = tensor(x_values, requires_grad=True)
        y = _output(expression, x)
        out = y.sum() if reduce == "sum" else y.mean()
        if out.requires_grad:
            out.backward()
        return np.zeros(x_values.shape) if x.grad is None else x.grad._data.astype(np.float64)

    def run() -> ReductionDemo:
        n = output_of(expression, x_values).numel()
        return ReductionDemo(expression, n, grad_of("sum"), grad_of("mean"))

    return bounded(run)


# --- broadcasting and the sum back ------------------------------------------------------------

BROADCAST_SHAPES: dict[str, tuple[int, ...]] = {
    "(3,)": (3,),
    "(1, 3)": (1, 3),
    "(2, 1)": (2, 1),
    "()": (),
    "(2, 3)": (2, 3),
}
M_SHAPE = (2, 3)


@dataclass(frozen=True)
class BroadcastDemo:
    """`z = (M * b).sum(); z.backward()` with M of shape (2, 3) and b of `b_shape`.

    `arriving` is the gradient that reached b's side of the multiplication (shape of M * b:
    grad ⊙ M), `summed` what is left after summing it back to b's shape, which is `b.grad`.
    """

    b_shape: tuple[int, ...]
    m: np.ndarray
    b: np.ndarray
    arriving: np.ndarray
    summed: np.ndarray
    b_grad: np.ndarray
    summed_dims: tuple[int, ...]  # dimensions of M * b that were summed away or to size 1
    code: str


def broadcast_demo(b_shape: tuple[int, ...]) -> BroadcastDemo:
    """Run the broadcast and read the sum-back from the engine's trace of backward.

    >>> d = broadcast_demo((3,))
    >>> d.arriving.tolist(), d.b_grad.tolist()
    ([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [5.0, 7.0, 9.0])
    """
    b_shape = tuple(b_shape)
    if b_shape not in BROADCAST_SHAPES.values():
        raise FormulaError(
            f"b's shape must be one of {', '.join(BROADCAST_SHAPES)}, not {b_shape}."
        )
    m_values = np.arange(1, 7, dtype=np.float32).reshape(M_SHAPE)
    b_values = np.full(b_shape, 1.0, dtype=np.float32)
    m = tensor(m_values)
    b = tensor(b_values, requires_grad=True)
    with record_backward() as traces:
        (m * b).sum().backward()
    arriving, summed = _sum_back(traces[0], m_values.shape, b_shape)
    if arriving is None:  # b had M's shape: nothing to sum
        arriving = summed = b.grad._data.copy()
    return BroadcastDemo(
        b_shape=b_shape,
        m=m_values.astype(np.float64),
        b=b_values.astype(np.float64),
        arriving=arriving.astype(np.float64),
        summed=summed.astype(np.float64),
        b_grad=b.grad._data.astype(np.float64),
        summed_dims=summed_dims(M_SHAPE, b_shape),
        code=(
            "M = torch.arange(1., 7.).reshape(2, 3)\n"
            f"b = torch.ones({shape_args(b_shape)}, requires_grad=True)\n"
            "z = (M * b).sum()\n"
            "z.backward()\n"
            "print(b.grad)"
        ),
    )


def broadcast_text(demo: BroadcastDemo) -> str:
    """What `M * b` did with b, for the shape picked (markdown, our own words only)."""
    if not demo.summed_dims:
        return (
            "`b` already has `M`'s shape (2, 3): nothing is stretched, each element of `b` is "
            "used once, and `b.grad` is the gradient that reaches it, element for element, "
            "with nothing to add up."
        )
    if not demo.b_shape:
        return (
            "`b` is a single number: `M * b` uses it for all 6 elements of `M`. Its gradient "
            "is the sum of what all 6 uses received."
        )
    # M is (2, 3): one stretched dimension here is either its rows or its columns.
    (dim,) = demo.summed_dims
    copies, over = (
        ("into each of M's 2 rows", "the rows (dimension 0)")
        if dim == 0
        else ("into each of M's 3 columns", "the columns (dimension 1)")
    )
    return (
        f"`M * b` copies `b` {copies}, so each element of `b` was used several times. Its "
        "gradient is the sum of what every copy received: backward adds up the gradient over "
        f"{over} until it has `b`'s shape."
    )


def _sum_back(trace: Any, m_shape: tuple, b_shape: tuple) -> tuple[Any, Any]:
    """(gradient before, after) of the engine's `sum_to` step for b, or (None, None)."""
    for step in trace.steps:
        if step.kind == "sum_to" and tuple(step.to_shape) == b_shape:
            return step.upstream, step.after
    return None, None


def summed_dims(big: tuple[int, ...], small: tuple[int, ...]) -> tuple[int, ...]:
    """The dimensions of `big` that broadcasting stretched `small` along (so backward sums)."""
    lead = len(big) - len(small)
    dims = list(range(lead))
    dims += [lead + i for i, s in enumerate(small) if s == 1 and big[lead + i] != 1]
    return tuple(dims)


def shape_args(shape: tuple[int, ...]) -> str:
    """How torch.ones takes a shape: `2, 3`; `3`; `()` for a scalar."""
    return ", ".join(map(str, shape)) if shape else "()"
