"""Whole-function derivatives: the Jacobian and the Hessian, built from vector-Jacobian products.

Reverse mode gives one row of the Jacobian per backward pass: backpropagating the one-hot vector
eᵢ through y = f(x) gives eᵢᵀ·J, the i-th row. `jacobian` does that for every output element;
`hessian` takes the Jacobian of the gradient (which needs create_graph=True on the inner pass).
`vjp`, `jvp`, `vhp` and `hvp` give one product each without building a matrix; `jvp` and `hvp`
get forward-mode products out of reverse mode with PyTorch's "double backward trick".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import autograd, guard
from ..creation import ones_like, zeros, zeros_like
from ..grad_mode import enable_grad
from ..tensor import Tensor
from ..torch_functions import stack


def _as_tuple(value: Any, what: str, fn_name: str) -> tuple[bool, tuple[Tensor, ...]]:
    """PyTorch's convention: a tuple of tensors, or one tensor (a list is not a tuple here)."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for i, x in enumerate(items):
        if not isinstance(x, Tensor):
            where = f"the value at index {i}" if is_tuple else f"the given {what}"
            raise TypeError(
                f"The {what} given to {fn_name} must be either a Tensor or a tuple of Tensors "
                f"but {where} has type {type(x)}."
            )
    return is_tuple, items


def _prepare(
    inputs: Any, create_graph: bool, fn_name: str = "jacobian"
) -> tuple[tuple[Tensor, ...], bool]:
    is_tuple, items = _as_tuple(inputs, "inputs", fn_name)
    prepared = []
    for x in items:
        if create_graph and x.requires_grad:
            prepared.append(x.view_as(x))  # keep the outer graph so the result is differentiable
        else:
            prepared.append(x.detach().requires_grad_(x.is_floating_point()))
    return tuple(prepared), is_tuple


def _check_v(v: Any, like: tuple[Tensor, ...], fn_name: str) -> tuple[Tensor, ...]:
    """v must match what it multiplies, tensor for tensor and shape for shape."""
    _, items = _as_tuple(v, "v", fn_name)
    if len(items) != len(like):
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(like)} but got {len(items)}."
        )
    for vi, target in zip(items, like):
        if vi.shape != target.shape:
            raise RuntimeError(
                f"v has invalid size: should be {target.size()} but got {vi.size()}."
            )
    return items


def _inputs_and_v(
    inputs: Any, v: Any, create_graph: bool, fn_name: str
) -> tuple[tuple[Tensor, ...], bool, tuple[Tensor, ...]]:
    """The inputs ready to differentiate, and v checked against them (jvp, vhp, hvp)."""
    ins, inputs_tuple = _prepare(inputs, create_graph, fn_name)
    vs = _check_v(v, ins, fn_name) if v is not None else _single_element_v(ins)
    return ins, inputs_tuple, vs


def _single_element_v(ins: tuple[Tensor, ...]) -> tuple[Tensor, ...]:
    """v may be left out only when the input is one tensor of one element (v = 1)."""
    if len(ins) != 1 or ins[0].numel() != 1:
        raise RuntimeError(
            "The vector v can only be None if the input to the user-provided function is a "
            "single Tensor with a single element."
        )
    return (ones_like(ins[0]),)


def _rows(out: Tensor, inputs: tuple[Tensor, ...], create_graph: bool) -> list[Tensor]:
    """J(out) with respect to each input, shaped out.shape + input.shape."""
    n = out.numel()
    for x in inputs:  # the blocks of J are kept until stacked: refuse them before the n passes
        guard.check_shape(tuple(out.shape) + tuple(x.shape), "jacobian")
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


def _check_strict(outputs: tuple[Tensor, ...], ins: tuple[Tensor, ...]) -> None:
    """strict=True: every output must depend on every input (else its block of J is 0)."""
    for i, out in enumerate(outputs):
        if not out.requires_grad:
            raise RuntimeError(
                f"Output {i} of the user-provided function does not require gradients. The "
                "outputs must be computed in a differentiable manner from the input when running "
                "in strict mode."
            )
        grads = autograd.grad(out.sum(), ins, retain_graph=True, allow_unused=True)
        for j, g in enumerate(grads):
            if g is None:
                raise RuntimeError(
                    f"Output {i} of the user-provided function is independent of input {j}. "
                    "This is not allowed in strict mode."
                )


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
        outputs_tuple, out_items = _as_tuple(
            outs, "outputs of the user-provided function", "jacobian"
        )
        if strict:
            _check_strict(out_items, ins)
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
    inputs_tuple = isinstance(inputs, tuple | list)

    def gradient(*xs: Tensor) -> Any:
        out = func(*xs)
        if not isinstance(out, Tensor) or out.numel() != 1:
            raise RuntimeError(
                "The Tensor returned by the function given to hessian should contain a single "
                "element"
            )
        if not out.requires_grad:  # a constant function: its gradient (and Hessian) is 0
            grads = tuple(x * 0 for x in xs)
        else:
            grads = autograd.grad(out.reshape(()), xs, create_graph=True, allow_unused=True)
            grads = tuple(g if g is not None else x * 0 for g, x in zip(grads, xs))
        return grads if inputs_tuple else grads[0]

    return jacobian(gradient, inputs, create_graph=create_graph)


def _zeros_for_none(grads: Any, like: tuple[Tensor, ...]) -> tuple[Tensor, ...]:
    return tuple(g if g is not None else zeros_like(x) for g, x in zip(grads, like))


def _finish(value: Any, grads: tuple[Tensor, ...], create_graph: bool, as_tuple: bool) -> Any:
    if not create_graph:
        value = tuple(v.detach() for v in value) if isinstance(value, tuple) else value.detach()
        grads = tuple(g.detach() for g in grads)
    return value, grads if as_tuple else grads[0]


def vjp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), vᵀ·J): one backward pass, the product PyTorch's backward(v) computes."""
    with enable_grad():
        ins, inputs_tuple = _prepare(inputs, create_graph, "vjp")
        out = func(*ins)
        if v is None:
            if out.numel() != 1:
                raise RuntimeError(
                    "The vector v can only be None if the user-provided function returns a "
                    "single Tensor with a single element."
                )
        else:
            (v,) = _check_v(v, (out,), "vjp")
        grads = _grad((out,), ins, (v,), create_graph)  # a constant output: zeros
    return _finish(out, _zeros_for_none(grads, ins), create_graph, inputs_tuple)


def _grad(outputs: Any, inputs: tuple[Tensor, ...], grad_outputs: Any, create_graph: bool) -> Any:
    """autograd.grad over the outputs that have a graph (PyTorch's _autograd_grad): a constant
    output, or a gradient that came out None, contributes nothing instead of failing."""
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return autograd.grad(
        tuple(o for o, _ in pairs),
        inputs,
        grad_outputs=tuple(g for _, g in pairs),
        create_graph=create_graph,
        allow_unused=True,
    )


def jvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), J·v), with reverse mode only (PyTorch's "double backward trick"): the
    vector-Jacobian product g(u) = uᵀJ is linear in u, so its own vector-Jacobian product with
    respect to u, taken with v, is J·v."""
    with enable_grad():
        ins, _, vs = _inputs_and_v(inputs, v, create_graph, "jvp")
        outs = func(*ins)
        outputs_tuple, outs = _as_tuple(outs, "outputs of the user-provided function", "jvp")
        us = tuple(zeros_like(o).requires_grad_() for o in outs)  # any u would do: it is linear
        vjps = _grad(outs, ins, us, create_graph=True)
        jv = _grad(vjps, us, vs, create_graph)
    value = outs if outputs_tuple else outs[0]
    return _finish(value, _zeros_for_none(jv, outs), create_graph, outputs_tuple)


def _scalar_output(func: Callable[..., Any], ins: tuple[Tensor, ...], fn_name: str) -> Tensor:
    out = func(*ins)
    _, (out,) = _as_tuple(out, "outputs of the user-provided function", fn_name)
    if out.numel() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {fn_name} should contain a single "
            "element"
        )
    return out


def vhp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), vᵀ·H) for a scalar function: the gradient, then its vector-Jacobian
    product with v. No Hessian is ever built."""
    with enable_grad():
        ins, inputs_tuple, vs = _inputs_and_v(inputs, v, create_graph, "vhp")
        out = _scalar_output(func, ins, "vhp")
        grads = _grad((out,), ins, (None,), create_graph=True)
        vh = _grad(grads, ins, vs, create_graph)
    return _finish(out, _zeros_for_none(vh, ins), create_graph, inputs_tuple)


def hvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), H·v) for a scalar function, by PyTorch's double backward trick: the
    vector-Jacobian product of the gradient, w ↦ wᵀH, is linear in w; its product with v
    with respect to w is H·v (equal to vᵀH when H is symmetric, as it is for smooth f)."""
    with enable_grad():
        ins, inputs_tuple, vs = _inputs_and_v(inputs, v, create_graph, "hvp")
        out = _scalar_output(func, ins, "hvp")
        grads = _grad((out,), ins, (None,), create_graph=True)
        ws = tuple(zeros_like(x).requires_grad_() for x in ins)
        back = _grad(grads, ins, ws, create_graph=True)
        hv = _grad(back, ws, vs, create_graph)
    return _finish(out, _zeros_for_none(hv, ins), create_graph, inputs_tuple)
