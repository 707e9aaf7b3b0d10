"""The learner's own expression, run through the snippet language (never `eval`).

The expression is one line (`x**2 + torch.sin(3*y)`, `exp(-x) + x`), checked once: it must parse,
use x (or x and y), give a single number at a point that depends on x, and work point by point
on a grid (no sums or means over x: x is one number). It is then evaluated by `run_snippet`
with x and y bound to the tensors the race or the grid hands it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_core.creation import tensor
from autograd_core.grad_mode import is_grad_enabled, no_grad
from autograd_core.tensor import Tensor

from ..sandbox.parsing import parse
from .presets import Objective, _lrs
from .text import DescentError

_SCALAR_DEFAULTS = {1: ((-4.0, 4.0),), 2: ((-4.0, 4.0), (-4.0, 4.0))}


def custom_objective(text: Any) -> Objective:
    """The learner's expression in x (and y) as an Objective, or a DescentError saying why not.

    The expression is one line of the snippet language (`x**2 + torch.sin(3*y)`, `exp(-x) + x`),
    checked here once: it must parse, use x (or x and y), evaluate to a single number at a point
    and work point by point on a grid (no sums or means over x: x is one number).
    """
    from ..sandbox import SnippetError

    source = _check_text(text)
    names = {n.id for n in ast.walk(parse(source, mode="eval")) if isinstance(n, ast.Name)}
    if "x" not in names and "y" not in names:
        raise DescentError(
            "The expression does not use x: there is nothing for the optimizer to move.",
            "Write f in terms of x (and y for a 2-D function), e.g. (x - 1)**2 + y**2.",
        )
    dims = 2 if "y" in names else 1
    fn = _snippet_function(source, dims)
    start = (-2.0,) if dims == 1 else (-2.0, 1.5)
    try:
        _check_pointwise(fn, start)
    except SnippetError as error:
        raise DescentError(error.message, error.hint) from None
    return Objective(
        key="custom",
        name="your function",
        latex="",
        expression=source,
        fn=fn,
        dims=dims,
        bounds=_SCALAR_DEFAULTS[dims],
        start=start,
        steps=50,
        lrs=_lrs(0.05, 0.1),
        note="Your own expression, run by the playground's safe snippet interpreter.",
    )


def _check_text(text: Any) -> str:
    from ..sandbox.formula import FormulaError, check_formula

    if isinstance(text, str) and ("\n" in text.strip() or "\r" in text.strip()):
        raise DescentError("The expression must fit on one line.")
    try:
        return check_formula(text, "Type an expression in x (and y), for example (x - 3)**2.")
    except FormulaError as error:
        raise DescentError(error.message, error.hint) from None


def _snippet_function(source: str, dims: int) -> Callable[..., Tensor]:
    """f(x[, y]) evaluated by the snippet language, with x and y bound to the given tensors
    (under the engine's no_grad, inside the snippet's own no_grad too)."""
    from ..sandbox import SnippetError, formula

    def fn(*coords: Tensor) -> Tensor:
        variables = dict(zip(("x", "y")[:dims], coords))
        value = formula.evaluate(source, variables, no_grad=not is_grad_enabled())
        if not isinstance(value, Tensor):
            raise SnippetError(
                f"The expression gave {type(value).__name__}, not a tensor",
                kind="runtime",
                hint="Use x (and y) in the expression, e.g. x**2 + y**2.",
            )
        return value

    return fn


def _check_pointwise(fn: Callable[..., Tensor], start: Sequence[float]) -> None:
    """f at one point is one number that depends on x, and f on three points at once is f at each
    point (no reductions mixing points), else a SnippetError that explains."""
    from ..sandbox import SnippetError

    scalars = [tensor(v, requires_grad=True) for v in start]
    value = fn(*scalars)
    if value.shape != ():
        raise SnippetError(
            f"At a single point the expression gives a tensor of shape {tuple(value.shape)}, not "
            "one number",
            kind="runtime",
            hint="x and y are single numbers here: write f(x, y) for one point.",
        )
    if not value.requires_grad:
        raise SnippetError(
            "The expression does not depend on x", kind="runtime", hint="Use x in it."
        )
    offsets = (0.0, 0.37, -0.61)
    points = [[v + d * (i + 1) for v in start] for i, d in enumerate(offsets)]
    with no_grad():
        batch = fn(*[tensor([p[k] for p in points]) for k in range(len(start))])
        alone = [float(fn(*[tensor(v) for v in p])) for p in points]
    if batch.shape != (3,) or not np.allclose(
        batch.numpy(), alone, rtol=1e-4, atol=1e-6, equal_nan=True
    ):
        raise SnippetError(
            "The expression mixes different points (a sum, mean, max or indexing over x)",
            kind="runtime",
            hint="x and y are single numbers: write the formula for one point, e.g. "
            "x**2 + y**2, without .sum() or .mean().",
        )
