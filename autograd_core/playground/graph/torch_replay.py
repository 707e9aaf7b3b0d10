"""A backward pass through a real PyTorch graph, recorded as our engine records its own.

PyTorch's engine is C++ and keeps no log, but every graph node takes a hook,
`grad_fn.register_hook(hook(grad_inputs, grad_outputs))`, called right after the node ran: what
came in (the upstream gradient) and what it sent to each of its `next_functions`. Hooks on every
node of the graph, one `torch.autograd.grad(root, leaves, retain_graph=True)`, and the hooks'
calls in the order they came are the steps `tracing.BackwardTrace` holds, so the replay, its
animation and its sentences are the ones our own graphs get.

torch.autograd.grad returns the leaves' gradients instead of adding them into `.grad`, so the
learner's leaves are untouched; each appears in the replay as `x.grad: None → 12`, what a first
`backward()` does. PyTorch does store the gradient of a non-leaf that called retain_grad(): the
ones draw can see (named, or the root) get their `.grad` back afterwards.

    >>> trace = torch_trace(graph, [z])        # graph from build_torch_graph(z)
    >>> [s.kind for s in trace.steps]
    ['node', 'node', 'accumulate', ...]
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from autograd_core.tracing import PYTHON_BACKWARD, BackwardTrace, Contribution, Step

from .from_torch import _BY_CLASS, is_torch_tensor, numpy_of


class GraphFreed(RuntimeError):
    """backward() already freed what this graph saved, so it cannot run again."""


def torch_trace(graph: Any, roots: Sequence[Any]) -> BackwardTrace:
    """Run backward through `graph` (from build_torch_graph of `roots`) and record it.

    Raises GraphFreed when an earlier backward() freed the graph's saved tensors.
    """
    torch = importlib.import_module("torch")  # loaded already: the roots are its tensors
    engine_nodes = graph.graph["engine_nodes"]
    accumulators = [fn for fn in engine_nodes if hasattr(fn, "variable")]
    leaves = [fn.variable for fn in accumulators]
    outputs = [t for t in roots if is_torch_tensor(t) and t.grad_fn is not None]
    log: list[tuple[Any, tuple, tuple]] = []

    def recorder(fn: Any) -> Any:
        return lambda grad_inputs, grad_outputs: log.append((fn, grad_inputs, grad_outputs))

    handles = [fn.register_hook(recorder(fn)) for fn in engine_nodes if not hasattr(fn, "variable")]
    kept = [(t, t.grad) for t in graph.graph["keepalive"] if getattr(t, "retains_grad", False)]
    try:
        grads = torch.autograd.grad(
            outputs,
            leaves,
            grad_outputs=[torch.ones_like(t) for t in outputs],
            retain_graph=True,
            allow_unused=True,
        )
    except RuntimeError as error:
        if "second time" in str(error) or "freed" in str(error):
            raise GraphFreed(str(error)) from error
        raise
    finally:
        for handle in handles:
            handle.remove()
        for t, grad in kept:
            t.grad = grad
    leaf_grads = {acc: numpy_of(g) for acc, g in zip(accumulators, grads) if g is not None}
    steps = steps_from_hooks(
        [(fn, [numpy_of(g) for g in gi], [numpy_of(g) for g in go]) for fn, gi, go in log],
        leaf_grads,
        {t.grad_fn for t, _ in kept if t.grad_fn is not None},
    )
    return BackwardTrace(list(outputs), create_graph=False, retain_graph=True, steps=steps)


def steps_from_hooks(
    log: Sequence[tuple[Any, list, list]],
    leaf_grads: dict[Any, np.ndarray],
    retained: Collection[Any] = (),
) -> list[Step]:
    """The trace's steps from the hooks' calls, in order: (node, what it sent to each of its
    next_functions, what it received). Each leaf's `accumulate` step follows the last node that
    sent to it; `leaf_grads` are the totals autograd.grad returned. The output of a node in
    `retained` called retain_grad(): its gradient is stored as the node starts, as ours does."""
    steps: list[Step] = []
    last_sender: dict[Any, int] = {}
    for fn, grad_inputs, grad_outputs in log:
        upstream = grad_outputs[0] if grad_outputs else None
        if fn in retained:
            steps.append(Step("retain_grad", fn, before=None, after=upstream))
        step = Step("node", fn, upstream=upstream)
        for i, ((target, _), sent) in enumerate(zip(fn.next_functions, grad_inputs)):
            if target is None or sent is None:
                continue
            latex, local = _local(fn, i, upstream, sent)
            step.contributions.append(Contribution(i, target, latex, local, sent))
            if hasattr(target, "variable"):
                last_sender[target] = len(steps)
        steps.append(step)
    after: dict[int, list[Step]] = {}
    for acc, grad in leaf_grads.items():
        at = last_sender.get(acc, len(steps) - 1)
        after.setdefault(at, []).append(
            Step("accumulate", acc, upstream=grad, tensor=acc.variable, before=None, after=grad)
        )
    out = []
    for index, step in enumerate(steps):
        out.append(step)
        out += after.get(index, [])
    return out


def _local(fn: Any, index: int, upstream: Any, sent: np.ndarray) -> tuple[str, Any]:
    """(d result / d input as LaTeX, its numbers where the op is elementwise)."""
    prim = _BY_CLASS.get(type(fn).__name__)
    if prim is None:
        custom = hasattr(type(fn), "saved_tensors")
        return (PYTHON_BACKWARD if custom else r"\text{?}"), None
    key = "tensors" if prim.variadic else (prim.inputs[index] if index < len(prim.inputs) else "")
    derivative = prim.derivatives.get(key)
    latex = derivative.latex if derivative is not None else r"\text{?}"
    # An elementwise op sends upstream × local: the local derivative is their ratio, where that
    # is well defined (same shape, nothing divided by zero).
    if (
        prim.local_derivative
        and upstream is not None
        and np.shape(upstream) == np.shape(sent)
        and np.all(np.asarray(upstream) != 0)
    ):
        return latex, np.asarray(sent) / np.asarray(upstream)
    return latex, None
