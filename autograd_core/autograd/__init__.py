"""`autograd_core.autograd`: the same entry points as `torch.autograd`.

- `backward(tensors, grad_tensors)` adds gradients into the leaves' `.grad` (what
  `tensor.backward()` calls).
- `grad(outputs, inputs)` returns the gradients instead and leaves `.grad` alone; with
  `create_graph=True` the returned gradients are themselves differentiable, so calling `grad`
  on them gives second derivatives, and so on to any order:

    >>> x = tensor([2.0], requires_grad=True)
    >>> y = x ** 3
    >>> (dy,) = grad(y, x, create_graph=True)     # 3x² = 12, with a graph of its own
    >>> (d2y,) = grad(dy, x)                      # 6x = 12
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import engine
from ..creation import zeros_like
from ..grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from ..tensor import Tensor
from ..torch_functions import stack
from . import function, functional
from .anomaly import detect_anomaly, set_detect_anomaly
from .function import Function
from .gradcheck import GradcheckError, gradcheck, gradcheck_report, gradgradcheck

__all__ = [
    "Function",
    "GradcheckError",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "function",
    "functional",
    "grad",
    "gradcheck",
    "gradcheck_report",
    "gradgradcheck",
    "inference_mode",
    "is_grad_enabled",
    "no_grad",
    "set_detect_anomaly",
    "set_grad_enabled",
]


def _as_tuple(x: Any, what: str) -> tuple:
    if x is None:
        return ()
    if isinstance(x, Tensor):
        return (x,)
    if isinstance(x, Sequence):
        return tuple(x)
    raise TypeError(f"{what} must be a Tensor or a sequence of Tensors, got {type(x).__name__}")


def _grads_for(outputs: tuple, given: Any) -> list:
    grads = list(_as_tuple(given, "grad_outputs")) if given is not None else [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(
            f"grad requires one gradient per output: got {len(grads)} gradients and "
            f"{len(outputs)} outputs"
        )
    return grads


def _batched(
    outs: tuple, ins: tuple, grads: list, retain_graph: bool | None, create_graph: bool, allow: bool
) -> tuple:
    """grad(..., is_grads_batched=True): the first dimension of each grad_output numbers the
    vectors; one backward pass per vector (PyTorch vmaps them into one), results stacked, so
    grad_outputs=torch.eye(n) gives the Jacobian's rows."""
    for i, (out, g) in enumerate(zip(outs, grads)):
        if g is None or tuple(g.shape[1:]) != tuple(out.shape):
            # (PyTorch prints the shape of grad_output[i][0] less its first dimension)
            shape = "None" if g is None else f"torch.Size({list(g.shape[2:])})"
            raise RuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each "
                "grad_output as the batch dimension. The sizes of the remaining dimensions are "
                "expected to match the shape of corresponding output, but a mismatch was "
                f"detected: grad_output[{i}] has a shape of {shape} and output[{i}] has a "
                f"shape of torch.Size({list(out.shape)}). If you only want some tensors in "
                "`grad_output` to be considered batched, consider using vmap."
            )
    count = grads[0].shape[0]
    keep = create_graph if retain_graph is None else retain_graph
    rows = []
    for b in range(count):
        rows.append(
            engine.run_backward(
                outs,
                [g[b] for g in grads],
                True if b < count - 1 else keep,
                create_graph,
                inputs=ins,
                allow_unused=allow,
                accumulate=False,
            )
        )
    return tuple(None if row[0] is None else stack(list(row)) for row in zip(*rows))


def backward(
    tensors: Any,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    grad_variables: Any = None,
    inputs: Any = None,
) -> None:
    """Add d(tensors)/d(leaf) into every leaf's .grad (see Tensor.backward)."""
    outputs = _as_tuple(tensors, "tensors")
    grads = _grads_for(outputs, grad_tensors if grad_tensors is not None else grad_variables)
    if create_graph:
        engine.warn_create_graph_cycle()
    targets = _as_tuple(inputs, "inputs") or None
    if inputs is not None and not targets:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    engine.run_backward(outputs, grads, retain_graph, create_graph, inputs=targets)


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: bool | None = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """Gradients of `outputs` with respect to `inputs`, returned as a tuple (.grad untouched)."""
    outs = _as_tuple(outputs, "outputs")
    ins = _as_tuple(inputs, "inputs")
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    allow = bool(allow_unused) or materialize_grads
    if is_grads_batched and grad_outputs is not None:
        result = _batched(
            outs, ins, _grads_for(outs, grad_outputs), retain_graph, create_graph, allow
        )
    else:
        result = engine.run_backward(
            outs,
            _grads_for(outs, grad_outputs),
            retain_graph,
            create_graph,
            inputs=ins,
            allow_unused=allow,
            accumulate=False,
        )
    assert result is not None
    if materialize_grads:
        result = tuple(zeros_like(i) if g is None else g for g, i in zip(result, ins))
    return result
