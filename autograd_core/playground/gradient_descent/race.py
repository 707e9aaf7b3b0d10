"""The race: every optimizer from the same start, one update at a time, in the tutorials' order.

    optimizer.zero_grad()      # forget the last step's gradient (unless the switch says not to)
    loss = f(x)                # forward
    loss.backward()            # x.grad = ∂f/∂x
    optimizer.step()           # x ← x − lr · x.grad (for SGD)

Racers share one forward and one backward per step: every function here is pointwise, so
f(stack(xs)).sum() has ∂/∂xᵢ = f'(xᵢ), exactly the number a racer running alone computes (the
tests check this against a racer running alone, bit for bit).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_core.creation import tensor
from autograd_core.grad_mode import no_grad
from autograd_core.inputs import real_number
from autograd_core.torch_functions import stack

from .divergence import Divergence, stop
from .optimizers import OPTIMIZERS, OptimizerChoice
from .presets import Objective
from .text import DescentError
from .text import format_number as num
from .text import format_point as point

MAX_STEPS = 500
MAX_OPTIMIZERS = 7
MAX_START = 1e4  # |start coordinate|: far beyond every preset's domain, still float32-safe
TIME_LIMIT = 10.0  # seconds for one race on the shared server (presets need well under one)
RUNAWAY = 100  # a path is running away once a coordinate is this many "scales" from 0


@dataclass(frozen=True)
class Run:
    """One optimizer's path. points[k] is x after k updates (points[0] = start), losses[k] is
    f(points[k]), grads[k] the .grad that update k+1 used (fresh[k]: ∂f/∂x at points[k], equal
    to grads[k] unless zero_grad() was forgotten). A diverged path ends at its last usable point.
    """

    choice: OptimizerChoice
    settings: Mapping[str, Any]
    points: np.ndarray
    losses: np.ndarray
    grads: np.ndarray
    fresh: np.ndarray
    divergence: Divergence | None

    @property
    def label(self) -> str:
        return self.choice.label()

    @property
    def updates(self) -> int:
        return len(self.grads)


@dataclass(frozen=True)
class Race:
    objective: Objective
    start: tuple[float, ...]
    steps: int
    forget_zero_grad: bool
    runs: tuple[Run, ...]


class _Racer:
    def __init__(self, choice: OptimizerChoice, start: Sequence[float]) -> None:
        self.choice = choice
        self.settings = choice.settings()
        self.params = [tensor(float(v), requires_grad=True) for v in start]
        self.optimizer = OPTIMIZERS[choice.kind].cls(self.params, **self.settings)
        self.points = [np.array(start, dtype=np.float64)]
        self.losses: list[float] = []
        self.grads: list[np.ndarray] = []
        self.fresh: list[np.ndarray] = []
        self.divergence: Divergence | None = None

    def grad_values(self) -> np.ndarray:
        return np.array([0.0 if p.grad is None else p.grad.item() for p in self.params])

    def position(self) -> np.ndarray:
        return np.array([p.item() for p in self.params])


def race(
    objective: Objective,
    choices: Sequence[OptimizerChoice],
    *,
    start: Sequence[float] | None = None,
    steps: int | None = None,
    forget_zero_grad: bool = False,
    time_limit: float = TIME_LIMIT,
) -> Race:
    """Run every optimizer in `choices` from `start` for `steps` updates of `objective`.

    A DescentError if the race would take longer than `time_limit` seconds (a learner's
    expression can be slow: each evaluation may use up to the snippet language's limits)."""
    start = check_start(objective, objective.start if start is None else start)
    steps = check_steps(objective.steps if steps is None else steps)
    if not choices:
        raise DescentError("Pick at least one optimizer to race.")
    if len(choices) > MAX_OPTIMIZERS:
        raise DescentError(f"At most {MAX_OPTIMIZERS} optimizers can race at once.")
    racers = [_Racer(c, start) for c in choices]
    # Overflow and 0/0 are expected here (a learning rate too large): they are caught as
    # non-finite values and explained, so NumPy need not warn about them on the server log.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _check_defined(objective, start)
        deadline = time.monotonic() + time_limit
        _run(objective, racers, steps, forget_zero_grad, runaway_limit(objective, start), deadline)
    runs = tuple(
        Run(
            r.choice,
            r.settings,
            np.array(r.points),
            np.array(r.losses),
            _rows(r.grads, objective.dims),
            _rows(r.fresh, objective.dims),
            r.divergence,
        )
        for r in racers
    )
    return Race(objective, tuple(start), steps, forget_zero_grad, runs)


def _run(
    objective: Objective,
    racers: list[_Racer],
    steps: int,
    forget_zero_grad: bool,
    limit: float,
    deadline: float,
) -> None:
    """Every racer, update after update, until `steps` or until all have stopped."""
    for step in range(1, steps + 1):
        if time.monotonic() > deadline:
            raise DescentError(
                f"This function is too slow to race here: {step - 1} of {steps} updates took "
                "the whole time allowed for one run.",
                "Use fewer updates, or a simpler expression (no large tensors inside it).",
            )
        active = [r for r in racers if r.divergence is None]
        if not active:
            break
        before = []
        for r in active:
            if not forget_zero_grad:
                r.optimizer.zero_grad()
            before.append(r.grad_values())
        loss = objective(*[stack([r.params[d] for r in active]) for d in range(objective.dims)])
        values = loss.detach().numpy().astype(np.float64)
        if loss.requires_grad:
            loss.sum().backward()
        for r, value, old in zip(active, values, before):
            if not math.isfinite(value):  # the previous update landed where f is not finite
                stop(objective, r, step - 1, value, limit)
                continue
            r.losses.append(float(value))
            g = r.grad_values()
            r.grads.append(g)
            r.fresh.append(g - old)
            r.optimizer.step()
            r.points.append(r.position())
            if not np.all(np.isfinite(r.points[-1])) or np.max(np.abs(r.points[-1])) > limit:
                stop(objective, r, step, None, limit)
    _finish(objective, racers)


def runaway_limit(objective: Objective, start: Sequence[float]) -> float:
    """How far from 0 a coordinate may go before the path counts as running away: RUNAWAY
    times the larger of the drawn region and the start."""
    scale = max(max(abs(v) for b in objective.bounds for v in b), *map(abs, start))
    return RUNAWAY * scale


def _rows(values: list[np.ndarray], dims: int) -> np.ndarray:
    return np.array(values, dtype=np.float64).reshape(len(values), dims)


def _finish(objective: Objective, racers: list[_Racer]) -> None:
    """f at each path's last point (losses[k] is f(points[k]) for every k)."""
    todo = [r for r in racers if len(r.losses) < len(r.points)]
    if not todo:
        return
    with no_grad():
        coords = [tensor([float(r.points[-1][d]) for r in todo]) for d in range(objective.dims)]
        values = objective(*coords).numpy().astype(np.float64)
    for r, value in zip(todo, values):
        if math.isfinite(value):
            r.losses.append(float(value))
        else:
            stop(objective, r, len(r.grads), value, np.inf)


def _check_defined(objective: Objective, start: tuple[float, ...]) -> None:
    with no_grad():
        value = float(objective(*[tensor(v) for v in start]))
    if not math.isfinite(value):
        raise DescentError(
            f"f is {value} at the start {point(start)}, so there is no slope to follow.",
            "Pick a start where the function is defined (no log or square root of a negative "
            "number there).",
        )


def check_start(objective: Objective, start: Sequence[Any]) -> tuple[float, ...]:
    values = tuple(start)
    if len(values) != objective.dims:
        raise DescentError(f"The start needs {objective.dims} coordinate(s), got {len(values)}.")
    out = []
    for name, v in zip("xy", values):
        number = real_number(v)
        if number is None:
            raise DescentError(f"Start {name} must be a number, not {str(v)[:40]!r}.")
        if not math.isfinite(number) or abs(number) > MAX_START:
            raise DescentError(
                f"Start {name} must be a finite number between −{MAX_START:,.0f} and "
                f"{MAX_START:,.0f}, not {num(number)}."
            )
        out.append(float(np.float32(number)))  # the value the float32 tensor will hold
    return tuple(out)


def check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int | float | np.integer):
        raise DescentError(f"The number of steps must be a whole number, not {str(steps)[:40]!r}.")
    if not (isinstance(steps, int | np.integer) or float(steps).is_integer()) or not (
        1 <= steps <= MAX_STEPS
    ):
        raise DescentError(f"The number of steps must be a whole number from 1 to {MAX_STEPS}.")
    return int(steps)


# --- why a path diverged ------------------------------------------------------------------------
