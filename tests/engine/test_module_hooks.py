"""Module hooks: forward pre-hooks, forward hooks, full backward (pre-)hooks, removable handles.

The numbers are what PyTorch 2.13 prints for the same network and input.
"""

from __future__ import annotations

import warnings

import pytest

import autograd_core as torch
from autograd_core import nn


def net_with_known_weights() -> nn.Sequential:
    net = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]))
        net[0].bias.copy_(torch.tensor([0.01, -0.02, 0.03]))
        net[2].weight.copy_(torch.tensor([[0.7, -0.8, 0.9]]))
        net[2].bias.copy_(torch.tensor([0.05]))
    return net


X = [[1.0, 2.0], [-1.0, 0.5]]


def test_forward_hooks_see_every_layers_output_and_handles_remove_them():
    net = net_with_known_weights()
    seen = {}
    handles = [
        m.register_forward_hook(lambda m, args, out, n=n: seen.__setitem__(n, out.detach()))
        for n, m in net.named_children()
    ]
    net(torch.tensor(X))
    assert repr(seen["1"]) == (
        "tensor([[-0.2821,  0.7932,  0.6231],\n        [-0.1877, -0.1194,  0.6805]])"
    )
    assert [h.id for h in handles] == sorted(h.id for h in handles)
    for h in handles:
        h.remove()
    assert repr(net[0]._forward_hooks) == "OrderedDict()"
    seen.clear()
    net(torch.tensor(X))
    assert seen == {}


def test_pre_hooks_and_forward_hooks_may_replace_arguments_and_results():
    net = net_with_known_weights()
    handle = net.register_forward_pre_hook(lambda m, args: args[0] * 2)
    assert repr(net(torch.tensor(X))) == (
        "tensor([[-0.2982],\n        [ 0.7967]], grad_fn=<AddmmBackward0>)"
    )
    handle.remove()
    with net.register_forward_hook(lambda m, args, out: out * 0) as h:
        assert net(torch.tensor(X)).tolist() == [[0.0], [0.0]]
    assert h.id not in net._forward_hooks
    order = []
    net[0].register_forward_hook(lambda *a: order.append("first"))
    net[0].register_forward_hook(lambda *a: order.append("prepended"), prepend=True)
    net(torch.tensor(X))
    assert order == ["prepended", "first"]


def test_full_backward_hook_gets_the_gradients_of_inputs_and_outputs():
    net = net_with_known_weights()
    got = []
    net[0].register_full_backward_hook(lambda m, gi, go: got.append((gi, go)))
    pre = []
    net[2].register_full_backward_pre_hook(lambda m, go: pre.append(go[0].tolist()))
    x = torch.tensor(X, requires_grad=True)
    out = net(x)
    assert repr(out) == (
        "tensor([[-0.2213],\n        [ 0.6265]], grad_fn=<BackwardHookFunctionBackward>)"
    )
    out.sum().backward()
    (grad_input,), (grad_output,) = got[0]
    assert pre == [[[1.0], [1.0]]]
    assert repr(grad_input) == "tensor([[-0.2999,  0.0828],\n        [-0.4107, -0.1605]])"
    assert repr(grad_output) == (
        "tensor([[ 0.6443, -0.2967,  0.5506],\n        [ 0.6753, -0.7886,  0.4833]])"
    )
    assert grad_input.tolist() == x.grad.tolist()


def test_a_full_backward_hook_can_replace_grad_input():
    lin = nn.Linear(2, 1)
    with torch.no_grad():
        lin.weight.fill_(0.5)
        lin.bias.fill_(0.1)
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
    x = torch.tensor([[1.0, 1.0]], requires_grad=True)
    lin(x).sum().backward()
    assert x.grad.tolist() == [[5.0, 5.0]] and lin.weight.grad.tolist() == [[1.0, 1.0]]
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
        lin.register_backward_hook(lambda *a: None)


def test_full_backward_hook_without_inputs_that_require_grad_warns_as_pytorch_does():
    lin = nn.Linear(2, 1)
    got = []
    lin.register_full_backward_hook(lambda m, gi, go: got.append(gi))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lin(torch.tensor([[1.0, 2.0]])).sum().backward()
    assert got == [(None,)]
    assert "Full backward hook is firing when gradients are computed" in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the user's backward() line


def test_forward_pre_hook_with_kwargs_must_return_args_and_kwargs():
    lin = nn.Linear(2, 1)
    lin.register_forward_pre_hook(lambda m, args, kwargs: args, with_kwargs=True)
    with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple of"):
        lin(torch.ones(1, 2))


def test_global_module_hooks_see_every_call_before_the_modules_own_hooks():
    """torch.nn.modules.module.register_module_forward_(pre_)hook: what PyTorch 2.13 logs."""
    register_module_forward_hook = nn.modules.module.register_module_forward_hook
    register_module_forward_pre_hook = nn.modules.module.register_module_forward_pre_hook

    net = net_with_known_weights()
    log = []
    net[1].register_forward_hook(lambda m, a, o: log.append("own Tanh"))
    pre = register_module_forward_pre_hook(lambda m, a: log.append("pre " + type(m).__name__))
    post = register_module_forward_hook(lambda m, a, o: log.append("post " + type(m).__name__))
    out = net(torch.tensor(X))
    assert log == [
        "pre Sequential", "pre Linear", "post Linear", "pre Tanh", "post Tanh", "own Tanh",
        "pre Linear", "post Linear", "post Sequential",
    ]  # fmt: skip
    assert repr(out) == "tensor([[-0.2213],\n        [ 0.6265]], grad_fn=<AddmmBackward0>)"
    pre.remove()
    post.remove()
    log.clear()
    net(torch.tensor(X))
    assert log == ["own Tanh"]


def test_global_module_hooks_may_replace_arguments_and_results():
    register_module_forward_hook = nn.modules.module.register_module_forward_hook
    register_module_forward_pre_hook = nn.modules.module.register_module_forward_pre_hook

    net = net_with_known_weights()
    with register_module_forward_hook(lambda m, a, o: o * 2 if isinstance(m, nn.Tanh) else None):
        out = net(torch.tensor(X))
    assert repr(out) == "tensor([[-0.4926],\n        [ 1.2031]], grad_fn=<AddmmBackward0>)"
    with register_module_forward_pre_hook(
        lambda m, a: (a[0] + 1,) if isinstance(m, nn.Linear) else None
    ):
        out = net(torch.tensor(X))
    assert repr(out) == "tensor([[0.4467],\n        [0.8919]], grad_fn=<AddmmBackward0>)"
    assert repr(net(torch.tensor(X))) == (
        "tensor([[-0.2213],\n        [ 0.6265]], grad_fn=<AddmmBackward0>)"
    )


def test_an_always_called_global_hook_runs_when_forward_raises():
    register_module_forward_hook = nn.modules.module.register_module_forward_hook

    seen = []
    hook = register_module_forward_hook(lambda m, a, o: seen.append(o), always_call=True)
    with hook, pytest.raises(RuntimeError):
        nn.Linear(2, 1)(torch.ones(3))
    assert seen == [None]
