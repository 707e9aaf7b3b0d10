"""Check autograd against finite differences.

The derivative is a limit: f'(x) ≈ (f(x + ε) - f(x - ε)) / 2ε for small ε (the central
difference, accurate to O(ε²)). Comparing that with what backward computes is the standard test
of a backward formula. Both sides run in float64: in float32, ε = 1e-6 would drown in rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import autograd, dtypes, guard
from ..grad_mode import enable_grad, no_grad
from ..tensor import Tensor


class GradcheckError(RuntimeError):
    """Raised by gradcheck when autograd and finite differences disagree."""


@dataclass
class InputCheck:
    """The comparison for one input: Jacobians (outputs flattened x input flattened)."""

    index: int
    analytical: np.ndarray
    numerical: np.ndarray

    @property
    def max_abs_error(self) -> float:
        diff = np.abs(self.analytical - self.numerical)
        return float(diff.max()) if diff.size else 0.0

    @property
    def max_rel_error(self) -> float:
        """Worst |autograd - numeric| / max(|numeric|, 1e-12) over all entries."""
        if not self.numerical.size:
            return 0.0
        scale = np.maximum(np.abs(self.numerical), 1e-12)
        return float((np.abs(self.analytical - self.numerical) / scale).max())


@dataclass
class GradcheckReport:
    ok: bool
    inputs: list[InputCheck]

    @property
    def max_rel_error(self) -> float:
        return max((c.max_rel_error for c in self.inputs), default=0.0)

    @property
    def max_abs_error(self) -> float:
        return max((c.max_abs_error for c in self.inputs), default=0.0)


def _outputs(func: Callable, xs: tuple[Tensor, ...]) -> list[Tensor]:
    out = func(*xs)
    return list(out) if isinstance(out, tuple | list) else [out]


def _flat(outs: list[Tensor]) -> np.ndarray:
    return (
        np.concatenate([np.asarray(o._data, dtype=np.float64).reshape(-1) for o in outs])
        if outs
        else np.zeros(0)
    )


def _numerical(func: Callable, xs: tuple[Tensor, ...], j: int, eps: float) -> np.ndarray:
    x = xs[j]
    flat = x._data.reshape(-1)  # a view: perturbing it perturbs x
    columns = []
    with no_grad():
        for i in range(flat.size):
            original = flat[i]
            flat[i] = original + eps
            plus = _flat(_outputs(func, xs))
            flat[i] = original - eps
            minus = _flat(_outputs(func, xs))
            flat[i] = original
            columns.append((plus - minus) / (2 * eps))
    if not columns:
        return np.zeros((_flat(_outputs(func, xs)).size, 0))
    return np.stack(columns, axis=1)


def _analytical(func: Callable, xs: tuple[Tensor, ...], j: int) -> np.ndarray:
    outs = _outputs(func, xs)
    # Both Jacobians (this one, then _numerical's from two calls of func per input) hold
    # outputs x inputs numbers: refused before the first backward pass
    guard.check_numel(sum(out.numel() for out in outs) * xs[j].numel(), "gradcheck")
    rows = []
    for out in outs:
        for k in range(out.numel()):
            if not out.requires_grad:
                rows.append(np.zeros(xs[j].numel()))
                continue
            seed = np.zeros(out.numel())
            seed[k] = 1
            (g,) = autograd.grad(
                out,
                (xs[j],),
                grad_outputs=Tensor._make(seed.reshape(out.shape).astype(out._dtype.numpy)),
                retain_graph=True,
                allow_unused=True,
            )
            rows.append(
                np.zeros(xs[j].numel())
                if g is None
                else np.asarray(g._data, np.float64).reshape(-1)
            )
    return np.stack(rows) if rows else np.zeros((0, xs[j].numel()))


def _as_double(inputs: Any) -> tuple[Tensor, ...]:
    items = tuple(inputs) if isinstance(inputs, tuple | list) else (inputs,)
    out = []
    for x in items:
        if isinstance(x, Tensor) and x.is_floating_point():
            t = Tensor._make(np.array(x._data, dtype=np.float64), dtypes.float64)
            t.requires_grad_(x.requires_grad)
            out.append(t)
        else:
            out.append(x)
    return tuple(out)


def gradcheck_report(
    func: Callable, inputs: Any, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3
) -> GradcheckReport:
    """Compare autograd with central differences for every input that requires grad."""
    xs = _as_double(inputs)
    checks = []
    ok = True
    for j, x in enumerate(xs):
        if not isinstance(x, Tensor) or not x.requires_grad:
            continue
        analytical = _analytical(func, xs, j)
        numerical = _numerical(func, xs, j, eps)
        check = InputCheck(j, analytical, numerical)
        if not np.allclose(analytical, numerical, rtol=rtol, atol=atol, equal_nan=True):
            ok = False
        checks.append(check)
    return GradcheckReport(ok, checks)


def gradcheck(
    func: Callable,
    inputs: Any,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **_: Any,
) -> bool:
    """True if backward agrees with finite differences (raises GradcheckError otherwise)."""
    report = gradcheck_report(func, inputs, eps=eps, atol=atol, rtol=rtol)
    if not report.ok and raise_exception:
        bad = next(
            c
            for c in report.inputs
            if not np.allclose(c.analytical, c.numerical, rtol=rtol, atol=atol, equal_nan=True)
        )
        raise GradcheckError(
            f"Jacobian mismatch for output 0 with respect to input {bad.index},\n"
            f"numerical:{bad.numerical}\nanalytical:{bad.analytical}\n"
        )
    return report.ok


def gradgradcheck(
    func: Callable,
    inputs: Any,
    grad_outputs: Any = None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **_: Any,
) -> bool:
    """gradcheck of the gradient itself: checks the second derivatives (create_graph=True)."""
    xs = _as_double(inputs)
    with no_grad():
        outs = _outputs(func, xs)
    rng = np.random.default_rng(0)
    if grad_outputs is None:
        grad_outputs = tuple(
            Tensor._make(
                rng.standard_normal(o.shape).astype(np.float64), dtypes.float64
            ).requires_grad_()
            for o in outs
        )
    else:
        grad_outputs = _as_double(grad_outputs)
    n = len(xs)
    diff_positions = [j for j, x in enumerate(xs) if isinstance(x, Tensor) and x.requires_grad]

    def first_derivative(*args: Tensor) -> tuple[Tensor, ...]:
        ins, gos = args[:n], args[n:]
        with enable_grad():  # the numerical side evaluates this under no_grad
            results = _outputs(func, ins)
            wanted = [ins[j] for j in diff_positions]
            grads = autograd.grad(
                results, wanted, grad_outputs=list(gos), create_graph=True, allow_unused=True
            )
        return tuple(g if g is not None else w * 0 for g, w in zip(grads, wanted))

    return gradcheck(
        first_derivative,
        (*xs, *grad_outputs),
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )
