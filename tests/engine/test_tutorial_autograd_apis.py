"""Autograd entry points from a fourth round of tutorials, each compared with what PyTorch 2.13
printed (or raised) for the same code, recorded as `repr` of the result or `Type: message`:
Tensor.register_post_accumulate_grad_hook (the docstring's SGD step; not called by
autograd.grad; backward(inputs=...) calls only the named leaves'), autograd.grad with
is_grads_batched=True (Jacobian rows, several inputs, create_graph, the graph freed after),
anomaly detection naming the node whose gradient is NaN, the in-place functions torch.sin_(a),
torch.pi, nn.LeakyReLU(inplace=True) in a graph, and float64 division's gradient to the last bit.
"""

from __future__ import annotations

import pytest

import autograd_core as torch


def outcome(fn):
    try:
        return repr(fn())
    except Exception as e:  # the error PyTorch raised is part of what is compared
        return f"{type(e).__name__}: {e}"


def post_hook_sgd():
    v = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
    seen = []
    h = v.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.clone()))
    v.register_post_accumulate_grad_hook(lambda p: p.add_(p.grad, alpha=-0.01))
    v.backward(torch.tensor([1.0, 2.0, 3.0]))
    h.remove()
    (v * 2).sum().backward()
    torch.autograd.grad((v * 5).sum(), v)  # autograd.grad does not accumulate: no hook
    return v, v.grad, seen


def post_hook_inputs():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    calls = []
    a.register_post_accumulate_grad_hook(lambda p: calls.append("a"))
    b.register_post_accumulate_grad_hook(lambda p: calls.append("b"))
    (a.sum() * b).sum().backward(inputs=[b])
    (a.sum() * b).sum().backward()
    return calls, a.grad, b.grad


def batched_rows():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x**2 * torch.tensor([1.0, -1.0, 0.5])
    return torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True)


def batched_two():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor(3.0, requires_grad=True)
    y = x * w
    gx, gw = torch.autograd.grad(
        y, (x, w), torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), is_grads_batched=True
    )
    return gx, gw


def batched_create_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (j,) = torch.autograd.grad(x**3, x, torch.eye(2), create_graph=True, is_grads_batched=True)
    (h,) = torch.autograd.grad(j.sum(), x)
    return j.detach(), h


def batched_then_again():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    torch.autograd.grad(y, x, torch.eye(2), is_grads_batched=True)
    return torch.autograd.grad(y.sum(), x)


def batched_wrong_shape():
    x = torch.ones(3, requires_grad=True)
    return torch.autograd.grad(x * 2, x, torch.eye(2), is_grads_batched=True)


def anomaly_sqrt():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with torch.autograd.detect_anomaly():
        (x.sqrt() * 0).sum().backward()


def anomaly_off():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        (x.sqrt() * 0).sum().backward()
    return x.grad, torch.is_anomaly_enabled()


def anomaly_div():
    x = torch.tensor([0.0, 2.0], requires_grad=True)
    torch.autograd.set_detect_anomaly(True)
    try:
        (x / x).sum().backward()
    finally:
        torch.autograd.set_detect_anomaly(False)


def div_float64():
    n = torch.tensor([0.8813735870195432], dtype=torch.float64, requires_grad=True)
    e = (2 * n).exp()
    o = (e - 1) / (e + 1)
    o.backward()
    return n.grad.item()


def in_place_functions():
    a = torch.tensor([0.5, 1.0])
    b = torch.sin_(a)
    return (
        a,
        b is a,
        torch.cos_(torch.tensor([0.0])),
        torch.log_(torch.tensor([1.0, 4.0])),
        torch.relu_(torch.tensor([-1.0, 2.0])),
        torch.exp_(torch.tensor([0.0])),
    )


def leaky_inplace():
    x = torch.tensor([[-1.0, 2.0], [3.0, -4.0]], requires_grad=True)
    y = torch.nn.LeakyReLU(0.2, inplace=True)(x * 1)
    y.sum().backward()
    return y, x.grad


CASES = {
    "post_hook_sgd": post_hook_sgd,
    "post_hook_inputs": post_hook_inputs,
    "post_hook_non_leaf": lambda: (
        torch.ones(2, requires_grad=True) * 2
    ).register_post_accumulate_grad_hook(print),
    "post_hook_no_grad": lambda: torch.ones(2).register_post_accumulate_grad_hook(print),
    "batched_rows": batched_rows,
    "batched_two": batched_two,
    "batched_create_graph": batched_create_graph,
    "batched_then_again": batched_then_again,
    "batched_wrong_shape": batched_wrong_shape,
    "grad_no_inputs": lambda: torch.autograd.grad(torch.ones(3, requires_grad=True).sum(), []),
    "anomaly_sqrt": anomaly_sqrt,
    "anomaly_check_nan_off": anomaly_off,
    "anomaly_div": anomaly_div,
    "div_float64": div_float64,
    "in_place_functions": in_place_functions,
    "sin_leaf": lambda: torch.sin_(torch.ones(2, requires_grad=True)),
    "constants": lambda: (torch.pi, torch.e, torch.inf, torch.nan),
    "leaky_inplace": leaky_inplace,
}


PRINTED = {
    "post_hook_sgd": (
        "(tensor([-0.0400, -0.0600, -0.0800], requires_grad=True), tensor([3., 4., 5.]), "
        "[tensor([1., 2., 3.])])"
    ),
    "post_hook_inputs": "(['b', 'b', 'a'], tensor([3., 3.]), tensor([6.]))",
    "post_hook_non_leaf": (
        "RuntimeError: post accumulate grad hooks cannot be registered on non-leaf tensors"
    ),
    "post_hook_no_grad": (
        "RuntimeError: cannot register a hook on a tensor that doesn't require gradient"
    ),
    "batched_rows": (
        "(tensor([[ 2., -0.,  0.],\n        [ 0., -4.,  0.],\n        [ 0., -0.,  3.]]),)"
    ),
    "batched_two": (
        "(tensor([[3., 0.],\n        [0., 3.],\n        [3., 3.]]), tensor([1., 2., 3.]))"
    ),
    "batched_create_graph": "(tensor([[ 3.,  0.],\n        [ 0., 12.]]), tensor([ 6., 12.]))",
    "batched_then_again": (
        "RuntimeError: Trying to backward through the graph a second time (or directly "
        "access saved tensors after they have already been freed). Saved intermediate "
        "values of the graph are freed when you call .backward() or autograd.grad(). "
        "Specify retain_graph=True if you need to backward through the graph a second time "
        "or if you need to access saved tensors after calling backward."
    ),
    "batched_wrong_shape": (
        "RuntimeError: If `is_grads_batched=True`, we interpret the first dimension of "
        "each grad_output as the batch dimension. The sizes of the remaining dimensions "
        "are expected to match the shape of corresponding output, but a mismatch was "
        "detected: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape "
        "of torch.Size([3]). If you only want some tensors in `grad_output` to be "
        "considered batched, consider using vmap."
    ),
    "grad_no_inputs": "RuntimeError: `inputs` argument to `grad()` cannot be empty.",
    "anomaly_sqrt": "RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.",
    "anomaly_check_nan_off": "(tensor([nan, 0.]), False)",
    "anomaly_div": "RuntimeError: Function 'DivBackward0' returned nan values in its 1th output.",
    "div_float64": "0.5",
    "in_place_functions": (
        "(tensor([0.4794, 0.8415]), True, tensor([1.]), tensor([0.0000, 1.3863]), "
        "tensor([0., 2.]), tensor([1.]))"
    ),
    "sin_leaf": (
        "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."
    ),
    "constants": "(3.141592653589793, 2.718281828459045, inf, nan)",
    "leaky_inplace": (
        "(tensor([[-0.2000,  2.0000],\n        [ 3.0000, -0.8000]], "
        "grad_fn=<LeakyReluBackward1>), tensor([[0.2000, 1.0000],\n        [1.0000, "
        "0.2000]]))"
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_or_raises_what_pytorch_does(name: str) -> None:
    assert outcome(CASES[name]) == PRINTED[name]


def test_anomaly_mode_is_off_again_after_its_block() -> None:
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with torch.autograd.detect_anomaly():
        assert torch.is_anomaly_enabled()
    assert not torch.is_anomaly_enabled()
    (x.sqrt() * 0).sum().backward()  # no check now: the NaN is simply stored
    assert torch.isnan(x.grad[0])
