"""A record of what the engine did during backward, step by step.

The playground replays this to show the chain rule at work: for each node, the gradient that
arrived (upstream), each input's local derivative (as LaTeX, and as numbers where it is
elementwise), and the product sent on; broadcast sum-backs as their own step; and every addition
into a leaf's `.grad`, before and after. It is the engine's own record, written as the engine
runs, not a second simulation: replaying the `accumulate` steps reproduces `.grad` exactly.

Recording is off unless asked for, and then costs nothing per node beyond a `None` check:

    >>> with record_backward() as traces:
    ...     loss.backward()
    >>> [step.kind for step in traces[0].steps]
    ['node', 'node', 'accumulate', ...]
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def _value(tensor: Any) -> np.ndarray | None:
    """A snapshot of a tensor's values (later in-place changes must not rewrite history)."""
    if tensor is None:
        return None
    data = tensor._data if hasattr(tensor, "_data") else np.asarray(tensor)
    return np.array(data, copy=True)


# The local derivative of a node whose backward is Python code (a custom autograd.Function):
# there is no formula to show, only what that code returned.
PYTHON_BACKWARD = r"\text{backward()}"


@dataclass
class Contribution:
    """What one node sends to one of its inputs."""

    input_index: int
    target: Any  # the next node (grad_fn or AccumulateGrad) that receives it
    local_latex: str  # d(result)/d(input) in LaTeX, inputs named a, b, ...
    local_value: np.ndarray | None  # the local derivative's numbers (elementwise ops only)
    value: np.ndarray  # the gradient sent: upstream × local derivative


@dataclass
class Step:
    """One thing the engine did, in the order it did it.

    kind is one of:
      "node"        a node ran its backward formula (`contributions` lists what it sent)
      "sum_to"      a gradient was summed back over broadcast dimensions (`from_shape` ->
                    `to_shape`) before being sent to input `input_index` of `node`
      "hook"        a hook registered with register_hook replaced the gradient
      "retain_grad" a non-leaf's gradient was stored in its .grad (retain_grad())
      "accumulate"  a gradient was added into a leaf's .grad (`before` -> `after`)
      "capture"     autograd.grad took the gradient for one of its `inputs` (no .grad change)
    """

    kind: str
    node: Any
    upstream: np.ndarray | None = None
    contributions: list[Contribution] = field(default_factory=list)
    tensor: Any = None  # the leaf (accumulate) or non-leaf (retain_grad/hook) concerned
    before: np.ndarray | None = None
    after: np.ndarray | None = None
    from_shape: tuple[int, ...] | None = None
    to_shape: tuple[int, ...] | None = None
    input_index: int | None = None


@dataclass
class BackwardTrace:
    """Everything one call of backward() or autograd.grad() did."""

    roots: list[Any]  # the tensors backward started from
    create_graph: bool
    retain_graph: bool
    steps: list[Step] = field(default_factory=list)

    def accumulations(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "accumulate"]

    def node_steps(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "node"]


class Tracer:
    """Collects a BackwardTrace per backward call; the engine calls the methods below."""

    def __init__(self, on_begin: Callable[[BackwardTrace], None] | None = None) -> None:
        self.traces: list[BackwardTrace] = []
        self.on_begin = on_begin

    def begin(self, roots: list[Any], create_graph: bool, retain_graph: bool) -> BackwardTrace:
        trace = BackwardTrace(list(roots), create_graph, retain_graph)
        self.traces.append(trace)
        if self.on_begin is not None:  # before any gradient moves: the graph is as forward left it
            self.on_begin(trace)
        return trace


_active: ContextVar[Tracer | None] = ContextVar("autograd_core_tracer", default=None)


def current() -> Tracer | None:
    return _active.get()


@contextlib.contextmanager
def record_backward(
    on_begin: Callable[[BackwardTrace], None] | None = None,
) -> Iterator[list[BackwardTrace]]:
    """Record every backward pass run inside the block; yields the (growing) list of traces.

    on_begin(trace) is called as each backward pass starts, while the leaves still hold the
    values its forward pass used (a training loop's optimizer step changes them afterwards)."""
    tracer = Tracer(on_begin)
    token = _active.set(tracer)
    try:
        yield tracer.traces
    finally:
        _active.reset(token)


snapshot = _value
