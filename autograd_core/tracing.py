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

from .grad_mode import no_grad


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
    # ones arrays of each (shape, dtype) the local derivatives were applied to (not compared)
    _ones: dict = field(default_factory=dict, repr=False, compare=False)

    def accumulations(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "accumulate"]

    def node_steps(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "node"]

    # --- the engine's one hook: what it reports while this trace is recorded ------------------
    # engine.py calls these (only when a trace is being recorded, so a plain backward pays one
    # `is None` test per event); everything about turning its work into Steps lives here.

    def ran(self, node: Any, grad: Any) -> Step:
        """A node ran its derivatives on `grad`; its contributions are added by `sent`."""
        step = Step("node", node, upstream=_value(grad))
        self.steps.append(step)
        return step

    def sent(self, step: Step, index: int, target: Any, gradient: Any, grad: Any) -> None:
        """The node of `step` sent `gradient` to its input `index` (the next node `target`)."""
        node = step.node
        prim = node.primitive
        if prim.variadic:
            d, local = prim.derivatives["tensors"], None
        else:
            d = prim.input_derivatives[index]
            local = self._local_value(node, d, grad) if prim.local_derivative else None
        step.contributions.append(Contribution(index, target, d.latex, local, _value(gradient)))

    def _local_value(self, node: Any, d: Any, grad: Any) -> np.ndarray | None:
        """d(result)/d(input) as numbers: the derivative applied to ones. Every contribution of
        every node asks for this, so the ones are made once per shape and dtype per trace
        (read-only: a raw rule never writes into its arguments), and a fresh result array is
        kept as it is rather than copied again."""
        dtype = grad._dtype
        key = (grad.shape, dtype)
        ones = self._ones.get(key)
        if ones is None:
            ones = self._ones[key] = np.ones(grad.shape, dtype=dtype.numpy)
            ones.flags.writeable = False
        if d.raw is not None and all(m[1] is None or m[1] is dtype for m in node._input_meta):
            # The raw rule gives the formula's numbers without recording anything (same bits,
            # see tests/engine/test_raw_derivatives.py): a traced run takes this for every node.
            try:
                args = node.arguments(d.plan, ones, raw=True)
                value = d.raw(*args)
            except RuntimeError:
                return None
            if (
                type(value) is np.ndarray
                and value.dtype == ones.dtype
                and value.base is None
                and value.flags.writeable
                and not any(value is a for a in args)
            ):
                return value  # made by this call: nothing else holds it
            return np.array(value, dtype.numpy)
        return _local_value(node, d, grad)

    def ran_python(self, node: Any, grads: list, outputs: list) -> None:
        """A custom autograd.Function's backward ran: no formula to show, only its results."""
        first = next((g for g in grads if g is not None), None)
        step = Step("node", node, upstream=_value(first))
        for i, ((kid, _), g) in enumerate(zip(node.next_functions, outputs)):
            if g is not None:
                step.contributions.append(Contribution(i, kid, PYTHON_BACKWARD, None, _value(g)))
        self.steps.append(step)

    def summed(self, node: Any, index: int, before: Any, after: Any, shape: tuple) -> None:
        """A gradient for input `index` was summed back over broadcast dimensions."""
        self.steps.append(
            Step(
                "sum_to",
                node,
                upstream=_value(before),
                from_shape=before.shape,
                to_shape=shape,
                input_index=index,
                after=_value(after),
            )
        )

    def hooked(self, node: Any, owner: Any, grad: Any, new: Any) -> None:
        self.steps.append(
            Step("hook", node, upstream=_value(grad), tensor=owner, after=_value(new))
        )

    def retained(self, node: Any, tensor: Any, before: Any, stored: Any) -> None:
        self.steps.append(
            Step("retain_grad", node, tensor=tensor, before=_value(before), after=_value(stored))
        )

    def accumulated(self, node: Any, grad: Any, leaf: Any, before: np.ndarray | None) -> None:
        """`grad` was added into `leaf.grad`; `before` is the snapshot taken before that."""
        self.steps.append(
            Step(
                "accumulate",
                node,
                upstream=_value(grad),
                tensor=leaf,
                before=before,
                after=_value(leaf._grad),
            )
        )

    def captured(self, node: Any, grad: Any, tensor: Any) -> None:
        self.steps.append(Step("capture", node, upstream=_value(grad), tensor=tensor))


def _local_value(node: Any, d: Any, grad: Any) -> np.ndarray | None:
    """d(result)/d(input) through the derivative's Tensor formula (no raw rule, or inputs of
    another dtype than the gradient): the derivative applied to ones."""
    ones = np.ones(grad.shape, dtype=grad._dtype.numpy)
    with no_grad():
        try:
            value = d.fn(*node.arguments(d.plan, type(grad)._make(ones)))
        except RuntimeError:
            return None
    return _value(value)


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
