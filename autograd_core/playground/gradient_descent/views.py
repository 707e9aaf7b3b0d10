"""What the page shows besides the paths: f on a grid, the region to draw, one update spelled
out, every update as a table, and the loop as PyTorch code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_core.creation import linspace
from autograd_core.grad_mode import no_grad

from .custom import custom_objective
from .optimizers import OPTIMIZERS, OptimizerChoice
from .presets import Objective
from .race import TIME_LIMIT, Race, Run, race
from .text import DescentError, literal
from .text import format_number as num
from .text import format_vector as vec


@dataclass(frozen=True)
class Surface:
    """f on a grid: xs (n,), ys (m,) or None in 1-D, z (m, n) or (n,)."""

    xs: np.ndarray
    ys: np.ndarray | None
    z: np.ndarray


def view_bounds(result: Race, grow: float = 3.0) -> tuple[tuple[float, float], ...]:
    """The objective's region, widened to take in every path (but not more than `grow` times
    wider: a path that runs off far is cut off at the edge rather than shrinking the picture)."""
    out = []
    for d, (low, high) in enumerate(result.objective.bounds):
        coords = [result.start[d]] + [v for run in result.runs for v in run.points[:, d]]
        width = high - low
        lo = max(min(low, *coords), low - grow * width / 2)
        hi = min(max(high, *coords), high + grow * width / 2)
        pad = 0.04 * (hi - lo) if (lo < low or hi > high) else 0.0
        out.append((float(lo - pad), float(hi + pad)))
    return tuple(out)


RACE_SECONDS = TIME_LIMIT + 4.0  # a worker's deadline for race_view: the race's own limit, plus
# checking a learner's expression and drawing its surface


def race_view(
    objective: Objective, choices: Sequence[OptimizerChoice], **settings: object
) -> tuple[Race, Surface, tuple[tuple[float, float], ...]]:
    """Everything the page draws for one race: the race (race()'s keyword arguments), the
    region that takes in its paths, and f on a grid over that region. Made in a worker process
    when learner code is involved: a learner's expression is checked here (custom_objective),
    not in the page process."""
    if objective.key == "custom":
        objective = custom_objective(objective.expression)
    result = race(objective, choices, **settings)
    bounds = view_bounds(result)
    return result, surface(objective, bounds, n=101 if objective.dims == 2 else 400), bounds


def race_in_worker(objective: Objective, choices: Sequence[OptimizerChoice], **settings: Any):
    """race_view where learner code runs: a worker process in the app (sandbox.workers); a
    worker that had to be stopped is a DescentError saying which limit was hit."""
    from ..sandbox.formula import within_one_allowance
    from ..sandbox.limits import DEFAULT_LIMITS
    from ..sandbox.workers import AFTER_THE_SNIPPET, isolated

    # every run of the learner's expression (once an update, and its surface) shares one
    # snippet's time and memory: each alone may use all of them
    return isolated(
        within_one_allowance,
        race_view,
        objective,
        choices,
        seconds=RACE_SECONDS,
        cpu_seconds=DEFAULT_LIMITS.time_limit + AFTER_THE_SNIPPET,
        stopped_as=DescentError,
        **settings,
    )


def surface(objective: Objective, bounds: Sequence[tuple[float, float]], n: int = 121) -> Surface:
    """f on an n-point (1-D) or n × n (2-D) grid over `bounds`, in one vectorised engine call
    under no_grad (a custom expression too: x and y are bound to the whole grid at once)."""
    n = int(min(max(n, 2), 400 if objective.dims == 1 else 201))
    axes = [linspace(float(lo), float(hi), n) for lo, hi in bounds]
    with no_grad():
        if objective.dims == 1:
            z = objective(axes[0])
        else:
            gx = axes[0].reshape(1, n).expand(n, n)
            gy = axes[1].reshape(n, 1).expand(n, n)
            z = objective(gx, gy)
    z = np.asarray(z.numpy(), dtype=np.float64)
    if z.shape != (n,) * objective.dims:
        raise DescentError("The function does not give one value per grid point.")
    return Surface(
        axes[0].numpy().astype(np.float64),
        axes[1].numpy().astype(np.float64) if objective.dims == 2 else None,
        z,
    )


@dataclass(frozen=True)
class UpdateRow:
    call: str  # the line of code
    effect: str  # what it did, with this step's numbers


def update_rows(result: Race, run: Run, step: int) -> list[UpdateRow]:
    """Update `step` (1 = the first) of `run` in the tutorials' order, with its numbers."""
    if not 1 <= step <= run.updates:
        raise DescentError(f"This path has updates 1 to {run.updates}; there is no update {step}.")
    k = step - 1
    x, new, g, fresh = run.points[k], run.points[k + 1], run.grads[k], run.fresh[k]
    two = result.objective.dims == 2
    names = "(x, y)" if two else "x"
    grad = "(x.grad, y.grad)" if two else "x.grad"
    slope = "(∂f/∂x, ∂f/∂y)" if two else "∂f/∂x"
    lr = float(run.settings["lr"])
    if result.forget_zero_grad:
        zero = f"skipped: {grad} still holds {vec(g - fresh)} from earlier steps"
        backward = (
            f"adds {slope} = {vec(fresh)} to it: {grad} = {vec(g)} (the stale part makes x drift)"
        )
    else:
        zero = f"{grad} = None: the last step's gradient is forgotten"
        backward = f"{grad} = {slope} = {vec(g)}"
    if run.choice.kind == "SGD":
        move = f"{names} − lr × {grad} = {vec(x)} − {num(lr)} × {vec(g)} = {vec(new)}"
    else:
        move = (
            f"{run.choice.kind} moved {names} by {vec(new - x)} (SGD's step −lr × grad would be "
            f"{vec(-lr * g)}): {names} = {vec(new)}"
        )
    return [
        UpdateRow("optimizer.zero_grad()", zero),
        UpdateRow(
            "loss = f(x, y)" if two else "loss = f(x)", f"f{_args(x)} = {num(run.losses[k])}"
        ),
        UpdateRow("loss.backward()", backward),
        UpdateRow("optimizer.step()", move),
    ]


def _args(point: np.ndarray) -> str:
    return f"({vec(point)})" if np.size(point) == 1 else vec(point)


def summary(result: Race) -> list[dict[str, str]]:
    """One row per racer: what it does, where it ended, f there, and how it ended."""
    rows = []
    for run in result.runs:
        ended = f"{run.updates} updates"
        if run.divergence is not None:
            ended = f"stopped at update {run.divergence.step}"
        rows.append(
            {
                "optimizer": run.label,
                "what it does": OPTIMIZERS[run.choice.kind].blurb,
                "ends at": vec(run.points[-1]),
                "f there": num(run.losses[-1]),
                "after": ended,
            }
        )
    return rows


def history(result: Race, run: Run) -> dict[str, list[float]]:
    """Every update as columns: step, x, f(x), grad, lr·grad, the step taken, new x."""
    names = _names(result.objective.dims).split(", ")
    lr = float(run.settings["lr"])
    n = run.updates
    table: dict[str, list[float]] = {"step": list(range(1, n + 1))}
    for d, v in enumerate(names):
        table[v] = run.points[:n, d].tolist()
    table["f"] = run.losses[:n].tolist()
    for d, v in enumerate(names):
        table[f"grad {v}"] = run.grads[:, d].tolist()
    for d, v in enumerate(names):
        table[f"lr·grad {v}"] = (lr * run.grads[:, d]).tolist()
    for d, v in enumerate(names):
        table[f"new {v}"] = run.points[1 : n + 1, d].tolist()
    return table


def loop_code(result: Race, run: Run) -> str:
    """The tutorials' loop for this run, as runnable PyTorch."""
    obj = result.objective
    names = _names(obj.dims).split(", ")
    lines = (
        ["import math", "import torch", ""] if "math." in obj.expression else ["import torch", ""]
    )
    for v, s in zip(names, result.start):
        lines.append(f"{v} = torch.tensor({literal(s)}, requires_grad=True)")
    args = ", ".join(f"{k}={literal(v)}" for k, v in run.settings.items())
    cls = OPTIMIZERS[run.choice.kind].cls.__name__
    lines += [
        f"optimizer = torch.optim.{cls}([{', '.join(names)}], {args})",
        "",
        f"for step in range({result.steps}):",
        "    # optimizer.zero_grad()   <- forgotten: gradients pile up"
        if result.forget_zero_grad
        else "    optimizer.zero_grad()",
        f"    loss = {obj.expression}",
        "    loss.backward()",
        "    optimizer.step()",
        "",
        f"print({', '.join(v + '.item()' for v in names)})",
    ]
    return "\n".join(lines)


def _names(dims: int) -> str:
    return "x" if dims == 1 else "x, y"


def race_rows(result: Race, steps: Sequence[int] | None = None) -> list[dict[str, str]]:
    """The race in words, per optimizer: where it was after each update and f there (the text
    version of the race's chart). `steps`: which update counts to list (default: all)."""
    rows = []
    for run in result.runs:
        last = len(run.points) - 1
        wanted = range(last + 1) if steps is None else sorted({min(k, last) for k in steps})
        for k in wanted:
            rows.append(
                {
                    "optimizer": run.label,
                    "update": str(k),
                    "position": vec(run.points[k]),
                    "loss f": num(run.losses[k]),
                }
            )
    return rows
