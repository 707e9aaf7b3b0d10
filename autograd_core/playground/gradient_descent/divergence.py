"""Why a path was stopped: NaN, inf or runaway growth, and the reason in words.

The reason names the cause where it can: a learning rate too large for the curvature (the
largest eigenvalue of the Hessian, computed by differentiating the gradient again), a function
that keeps falling (no minimum to find), or a function that is not defined where a step landed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_core.autograd import grad as autograd_grad
from autograd_core.creation import tensor

from .presets import Objective
from .text import format_number as num
from .text import format_point as point
from .text import format_vector as vec


@dataclass(frozen=True)
class Divergence:
    """Why and where a path was stopped: the update `step` (1 = the first) made it unusable."""

    step: int
    kind: str  # "nan", "inf", "runaway"
    reason: str  # one sentence for the learner


def stop(objective: Objective, r: Any, step: int, value: float | None, limit: float) -> None:
    """End r's path before update `step`, which landed somewhere unusable: at a non-finite or
    runaway point, or (value given) where f is not finite. Its point and gradient are dropped
    so that the path ends at its last usable point."""
    bad = r.points.pop()
    del r.grads[step - 1 :], r.fresh[step - 1 :]
    del r.losses[step:]
    r.divergence = _diverged(objective, r, step, bad, value, limit)


def _diverged(
    objective: Objective, r: Any, step: int, bad: np.ndarray, value: float | None, limit: float
) -> Divergence:
    where = point(r.points[-1])
    if np.any(np.isnan(bad)):
        kind, what = "nan", f"update {step} from {where} produced nan (not a number)"
    elif np.any(np.isinf(bad)):
        kind, what = "inf", f"update {step} from {where} overflowed float32 (past 3.4·10³⁸)"
    elif value is None:
        kind = "runaway"
        names = "x" if np.size(bad) == 1 else "(x, y)"
        where_to = f"{names} to {vec(bad)}"
        what = f"update {step} sent {where_to}, far outside the plot (beyond ±{num(limit)})"
    elif math.isnan(value):
        return Divergence(
            step,
            "nan",
            f"update {step} landed at {point(bad)}, where f(x) is nan (not a number): the "
            "function is not defined there (a log or square root of a negative number, 0/0, "
            "∞ − ∞).",
        )
    else:
        kind, what = (
            "inf",
            f"update {step} landed at {point(bad)}, where f(x) overflows to {value}",
        )
    return Divergence(step, kind, f"{what}: {_cause(objective, r)}.")


def _cause(objective: Objective, r: Any) -> str:
    losses = r.losses
    if len(losses) >= 3 and losses[-1] < losses[0] and _mostly_falling(losses):
        return (
            "f keeps decreasing along the path, so there is no minimum to settle in: it is "
            "unbounded below in that direction"
        )
    lr = float(r.settings["lr"])
    kind = r.choice.kind
    if kind in ("SGD", "Momentum", "Nesterov"):
        curvature = max(_curvature(objective, r.points[0]), _curvature(objective, r.points[-1]))
        mu = float(r.settings.get("momentum", 0.0))
        # Stable on a quadratic of curvature λ while lr·λ stays below: 2 for SGD, 2(1 + μ) for
        # heavy-ball momentum, 2(1 + μ)/(1 + 2μ) for Nesterov (it looks ahead, so it is touchier).
        bound = {"SGD": 2.0, "Momentum": 2 * (1 + mu), "Nesterov": 2 * (1 + mu) / (1 + 2 * mu)}[
            kind
        ]
        if curvature > 0 and lr * curvature > bound:
            return (
                f"learning rate too large for this curvature: lr × curvature = {num(lr)} × "
                f"{num(curvature)} = {num(lr * curvature)} > {num(bound)}, so each step "
                "overshoots the minimum by more than it corrects"
            )
        return (
            "the steps kept growing as the path reached steeper ground: try a smaller learning rate"
        )
    return (
        f"{kind} moves about lr = {num(lr)} per step whatever the slope, and here that "
        "overshoots: try a smaller learning rate"
    )


def _mostly_falling(losses: list[float]) -> bool:
    drops = np.diff(losses[-10:]) < 0
    return bool(drops.mean() >= 0.8)


def curvature(objective: Objective, point: Sequence[float]) -> float:
    """The largest curvature of f at `point`: f''(x) in 1-D, the largest eigenvalue of the
    Hessian in 2-D, computed by differentiating the gradient again (create_graph=True)."""
    return _curvature(objective, np.asarray(point, dtype=np.float64))


def _curvature(objective: Objective, point: np.ndarray) -> float:
    xs = [tensor(float(v), requires_grad=True) for v in point]
    try:
        f = objective(*xs)
        grads = autograd_grad(f, xs, create_graph=True, allow_unused=True)
        rows = []
        for g in grads:
            if g is None or not g.requires_grad:
                rows.append([0.0] * len(xs))
                continue
            second = autograd_grad(g, xs, retain_graph=True, allow_unused=True)
            rows.append([0.0 if s is None else float(s) for s in second])
        hessian = np.array(rows)
        if not np.all(np.isfinite(hessian)):
            return 0.0
        return float(np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1])
    except Exception:  # a custom expression may fail at a far-away point: no curvature then
        return 0.0
