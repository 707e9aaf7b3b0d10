"""Whole-function derivatives: the Jacobian and the Hessian, built from vector-Jacobian products.

Reverse mode gives one row of the Jacobian per backward pass: backpropagating the one-hot vector
eᵢ through y = f(x) gives eᵢᵀ·J, the i-th row. `jacobian` does that for every output element;
`hessian` takes the Jacobian of the gradient (which needs create_graph=True on the inner pass).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..grad_mode import enable_grad
from ..tensor import Tensor


def _prepare(inputs: Any, create_graph: bool) -> tuple[tuple[Tensor, ...], bool]:
    is_tuple = isinstance(inputs, tuple | list)
    items = tuple(inputs) if is_tuple else (inputs,)
    for x in items:
        if not isinstance(x, Tensor):
            raise TypeError(
                f"The inputs given to jacobian must be either a Tensor or a tuple of Tensors but "
                f"the given argument is of type {type(x).__name__}."
            )
    prepared = []
    for x in items:
        if create_graph and x.requires_grad:
            prepared.append(x.view_as(x))  # keep the outer graph so the result is differentiable
        else:
            prepared.append(x.detach().requires_grad_(x.is_floating_point()))
    return tuple(prepared), is_tuple


def _rows(out: Tensor, inputs: tuple[Tensor, ...], create_graph: bool) -> list[Tensor]:
    """J(out) with respect to each input, shaped out.shape + input.shape."""
    from .. import autograd
    from ..creation import zeros
    from ..functions import stack

    n = out.numel()
    per_input: list[list[Tensor]] = [[] for _ in inputs]
    for k in range(n):
        if out.requires_grad:
            onehot = np.zeros(n, dtype=out._dtype.numpy)
            onehot[k] = 1
            seed = Tensor._make(onehot.reshape(out.shape), out._dtype)
            grads = autograd.grad(
                out,
                inputs,
                grad_outputs=seed,
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
        else:
            grads = (None,) * len(inputs)
        for j, g in enumerate(grads):
            if g is None:
                g = zeros(*inputs[j].shape, dtype=inputs[j].dtype)
            per_input[j].append(g if create_graph else g.detach())
    out_rows = []
    for j, rows in enumerate(per_input):
        shape = tuple(out.shape) + tuple(inputs[j].shape)
        if rows:
            out_rows.append(stack(rows).reshape(*shape))
        else:
            out_rows.append(zeros(*shape, dtype=inputs[j].dtype))
    return out_rows


def jacobian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """J[i..., j...] = d func(inputs)[i...] / d inputs[j...], with torch's tuple conventions."""
    with enable_grad():
        ins, inputs_tuple = _prepare(inputs, create_graph)
        outs = func(*ins)
        outputs_tuple = isinstance(outs, tuple | list)
        out_items = tuple(outs) if outputs_tuple else (outs,)
        for o in out_items:
            if not isinstance(o, Tensor):
                raise TypeError(
                    "The outputs of the user-provided function given to jacobian must be either "
                    f"a Tensor or a tuple of Tensors but the given outputs of the user-provided "
                    f"function has type {type(o).__name__}."
                )
        table = [_rows(o, ins, create_graph) for o in out_items]
    if not outputs_tuple and not inputs_tuple:
        return table[0][0]
    if not outputs_tuple:
        return tuple(table[0])
    if not inputs_tuple:
        return tuple(row[0] for row in table)
    return tuple(tuple(row) for row in table)


def hessian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """Second derivatives of a scalar function: H[i, j] = d²f / dxᵢ dxⱼ."""
    from .. import autograd

    inputs_tuple = isinstance(inputs, tuple | list)

    def gradient(*xs: Tensor) -> Any:
        out = func(*xs)
        if not isinstance(out, Tensor) or out.numel() != 1:
            raise RuntimeError(
                "The function given to hessian should return a single Tensor with a single element."
            )
        if not out.requires_grad:  # a constant function: its gradient (and Hessian) is 0
            grads = tuple(x * 0 for x in xs)
        else:
            grads = autograd.grad(out.reshape(()), xs, create_graph=True, allow_unused=True)
            grads = tuple(g if g is not None else x * 0 for g, x in zip(grads, xs))
        return grads if inputs_tuple else grads[0]

    return jacobian(gradient, inputs, create_graph=create_graph)


def vjp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), vᵀ·J): one backward pass, the product PyTorch's backward(v) computes."""
    from .. import autograd

    with enable_grad():
        ins, inputs_tuple = _prepare(inputs, create_graph)
        out = func(*ins)
        if v is None and out.numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
        grads = autograd.grad(
            out, ins, grad_outputs=v, create_graph=create_graph, allow_unused=True
        )
    grads = tuple(g if g is not None else x.detach() * 0 for g, x in zip(grads, ins))
    if not create_graph:
        out = out.detach()
        grads = tuple(g.detach() for g in grads)
    return out, grads if inputs_tuple else grads[0]
