"""Check the gradients on screen against finite differences, by re-running the learner's code.

A derivative is a limit: ∂f/∂xᵢ ≈ (f(x + hεᵢ) − f(x − hεᵢ)) / 2h. Here f is the output the
chosen backward() call started from (weighted by the `gradient=` it was given, so f = Σ v·y),
and x a leaf the snippet created: the snippet is run again with that leaf's creation nudged by
±h, through `run_snippet` like any other run. Terms that do not depend on xᵢ come out identical
in both runs and cancel exactly, so even float32 code agrees to about four digits.

Each element costs two full runs of the snippet, so the check is bounded: at most
`MAX_ELEMENTS` elements in all (spread over the leaves), each rerun limited to
`RERUN_SECONDS`, and the whole check to `TIME_BUDGET` seconds; what was left out is reported.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor

from ..sandbox import DEFAULT_LIMITS, Limits, SnippetError, SnippetResult, run_snippet, span_text
from .source import replace_span, seeded

MAX_ELEMENTS = 12
RERUN_SECONDS = 0.5
TIME_BUDGET = 2.0
TOLERANCE = {"float64": 1e-6, "float32": 1e-2, "float16": 5e-2, "bfloat16": 5e-2}
_DELTA = "ge_fd_delta"  # the name the nudge is passed in under (see _nudged)


@dataclass(frozen=True)
class CheckRow:
    """One element of one leaf: autograd's number against the finite difference."""

    leaf: str
    index: tuple[int, ...]  # () for a scalar
    autograd: float
    numerical: float
    step: float  # the h actually used
    tolerance: float

    @property
    def element(self) -> str:
        return self.leaf + (f"[{', '.join(map(str, self.index))}]" if self.index else "")

    @property
    def abs_error(self) -> float:
        return abs(self.autograd - self.numerical)

    @property
    def rel_error(self) -> float:
        scale = max(abs(self.autograd), abs(self.numerical))
        return self.abs_error / scale if scale > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.abs_error <= self.tolerance * max(1.0, abs(self.autograd), abs(self.numerical))


@dataclass
class GradientCheck:
    output: str  # what was differentiated: "z", or "Σ v·y" with a gradient= vector
    rows: list[CheckRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # leaves not checked, and why
    left_out: int = 0  # elements not checked because of MAX_ELEMENTS
    stopped: str | None = None  # why the check ended early, if it did
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows)


CHECK_SECONDS = TIME_BUDGET + 2 * RERUN_SECONDS + DEFAULT_LIMITS.time_limit + 1.0
"""The deadline for check_code in a worker process: the run, the check's budget, one overrun."""


def check_code(code: str, trace_index: int) -> GradientCheck:
    """check_gradients on a fresh run of `code` (the code as it ran, toggles written in): what
    a worker process computes for the page, which holds no live run of learner code."""
    return check_gradients(code, run_snippet(seeded(code)), trace_index)


def check_gradients(
    code: str,
    result: SnippetResult,
    trace_index: int,
    *,
    max_elements: int = MAX_ELEMENTS,
    time_budget: float = TIME_BUDGET,
) -> GradientCheck:
    """Finite differences for the leaves of backward call `trace_index` of `result`, which is
    a run of `code` (the code as it ran, toggles written in)."""
    start = time.monotonic()
    trace = result.traces[trace_index]
    weights = _weights(trace)
    report = GradientCheck(output=_output_name(code, result, trace, weights))
    leaves = _leaves(result, trace, report)
    plan = _plan(leaves, max_elements)
    report.left_out = sum(math.prod(leaf.shape) for _, leaf, _ in leaves) - len(plan)
    limits = replace(DEFAULT_LIMITS, time_limit=min(RERUN_SECONDS, DEFAULT_LIMITS.time_limit))
    base = {name: np.asarray(leaf._data, dtype=np.float64) for name, leaf, _ in leaves}
    sites = {id(r.tensor): r.site for r in result.tensors}
    for name, leaf, grad, index in plan:
        if time.monotonic() - start > time_budget:
            report.stopped = (
                f"stopped after {time_budget:g} s of re-running the snippet; "
                f"{len(plan) - len(report.rows)} element(s) not checked"
            )
            break
        x = float(base[name][index])
        h = _step(leaf, x)
        try:
            f_plus, x_plus = _nudged(
                code, sites[id(leaf)], leaf, name, index, h, trace_index, limits
            )
            f_minus, x_minus = _nudged(
                code, sites[id(leaf)], leaf, name, index, -h, trace_index, limits
            )
        except _Skip as why:
            report.skipped.append(f"{name}: {why}")
            continue
        report.rows.append(
            CheckRow(
                leaf=name,
                index=index,
                autograd=float(np.asarray(grad, dtype=np.float64)[index]),
                numerical=(f_plus - f_minus) / (x_plus - x_minus),
                step=(x_plus - x_minus) / 2,
                tolerance=TOLERANCE.get(leaf._dtype.name, 1e-2),
            )
        )
    report.seconds = time.monotonic() - start
    return report


class _Skip(Exception):
    pass


def _weights(trace: Any) -> list[np.ndarray]:
    """The `gradient=` each root was given (ones for a scalar): f = Σ weight · root."""
    found = []
    for root in trace.roots:
        target = root.grad_fn if root.grad_fn is not None else root._accumulator()
        first = next((s for s in trace.steps if s.node is target and s.upstream is not None), None)
        found.append(
            np.asarray(first.upstream, dtype=np.float64)
            if first is not None
            else np.ones(root.shape)
        )
    return found


def _output_name(code: str, result: SnippetResult, trace: Any, weights: list[np.ndarray]) -> str:
    names = []
    for root in trace.roots:
        site = result.sites.get(id(root))
        written = span_text(code, site) if site is not None else "the output"
        names.append((result.names_of(root) or (" ".join(written.split())[:40],))[0])
    plain = all(w.size == 1 and float(w.reshape(-1)[0]) == 1.0 for w in weights)
    if plain and len(names) == 1:
        return names[0]
    return " + ".join(f"Σ v·{n}" for n in names) + " (v: the gradient passed to backward)"


def _f(trace: Any, weights: list[np.ndarray]) -> float:
    total = 0.0
    for root, weight in zip(trace.roots, weights):
        total += float(np.sum(weight * np.asarray(root._data, dtype=np.float64)))
    return total


def _leaves(result: SnippetResult, trace: Any, report: GradientCheck) -> list[tuple]:
    """(name, leaf, the gradient this backward call gave it) for each named leaf it reached."""
    grads: dict[int, np.ndarray] = {}
    for step in trace.steps:
        if step.kind in ("accumulate", "capture") and isinstance(step.tensor, Tensor):
            key = id(step.tensor)
            upstream = np.asarray(step.upstream, dtype=np.float64)
            grads[key] = upstream if key not in grads else grads[key] + upstream
    sites = {id(r.tensor): r.site for r in result.tensors}
    leaves, seen = [], set()
    for name, value in result.variables.items():
        if not isinstance(value, Tensor) or not value.is_leaf or id(value) in seen:
            continue
        seen.add(id(value))
        if not value.requires_grad:
            continue
        if id(value) not in grads:
            report.skipped.append(f"{name}: this backward call sent it no gradient")
        elif sites.get(id(value)) is None:
            report.skipped.append(f"{name}: not created by the snippet itself")
        elif value._version != 0:
            report.skipped.append(
                f"{name}: changed in place after it was created (an update step), so a nudge of "
                "its starting value is not what this backward call saw"
            )
        else:
            leaves.append((name, value, grads[id(value)]))
    return leaves


def _plan(leaves: list[tuple], max_elements: int) -> list[tuple]:
    """Which elements to check: the first of every leaf, then the second of every leaf, ..."""
    plan = []
    depth = 0
    while len(plan) < max_elements:
        added = False
        for name, leaf, grad in leaves:
            size = math.prod(leaf.shape)
            if depth < size and len(plan) < max_elements:
                plan.append(
                    (name, leaf, grad, tuple(int(i) for i in np.unravel_index(depth, leaf.shape)))
                )
                added = True
        if not added:
            break
        depth += 1
    return plan


def _step(leaf: Tensor, x: float) -> float:
    """h: about the cube root of the dtype's precision, scaled to the number (the step that best
    balances the formula's O(h²) error against rounding in f)."""
    eps = float(np.finfo(leaf._data.dtype).eps) if leaf._data.dtype.kind == "f" else 1e-7
    return eps ** (1 / 3) * 0.2 * max(1.0, abs(x))


def _nudged(
    code: str,
    site: Any,
    leaf: Tensor,
    name: str,
    index: tuple[int, ...],
    h: float,
    trace_index: int,
    limits: Limits,
) -> tuple[float, float]:
    """f and xᵢ in a run where the expression that created the leaf adds h at `index`.

    The creation `E` becomes `(E).detach().add_(delta).requires_grad_(True)`: the same leaf,
    nudged, still requiring grad. The nudge comes in as a tensor in the namespace, in the leaf's
    dtype, so no number is ever formatted into code.
    """
    delta = np.zeros(leaf.shape, dtype=leaf._data.dtype)
    delta[index] = h
    text = f"({span_text(code, site)}).detach().add_({_DELTA}).requires_grad_(True)"
    nudged = replace_span(code, site, text)
    try:
        run = run_snippet(
            seeded(nudged),
            limits=limits,
            namespace={_DELTA: Tensor._make(delta, leaf._dtype)},
        )
    except SnippetError as error:
        raise _Skip(f"the nudged run stopped: {error}") from None
    if len(run.traces) <= trace_index:
        raise _Skip("the nudged run took a different path (fewer backward calls)")
    moved = run.variables.get(name)
    if not isinstance(moved, Tensor) or tuple(moved.shape) != tuple(leaf.shape):
        raise _Skip("the nudged run did not end with the same tensor under this name")
    return (
        _f(run.traces[trace_index], _weights(run.traces[trace_index])),
        float(np.asarray(moved._data, dtype=np.float64)[index]),
    )
