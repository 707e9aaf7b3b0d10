"""What a grad_fn node lets a user see and hook into, as in PyTorch."""

from __future__ import annotations

import pytest

import autograd_core as torch


def test_saved_result_is_a_new_tensor_sharing_the_output_values():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    saved = y.grad_fn._saved_result
    assert saved is not y and saved is not y.grad_fn._saved_result
    assert saved.grad_fn is y.grad_fn and saved.requires_grad and not saved.is_leaf
    assert repr(saved) == "tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)"
    with torch.no_grad():
        y[0] = 0.0  # same memory: the saved value sees it, and backward refuses it
    assert saved.tolist()[0] == 0.0
    with pytest.raises(RuntimeError, match="output 0 of Exp, is at version 1"):
        _ = y.grad_fn._saved_result


def test_saved_inputs_are_the_input_objects():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    assert y.grad_fn._saved_self is x and y.grad_fn._saved_other is x


def test_node_hooks_see_and_replace_the_gradients_sent_to_the_inputs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    y = x * 2
    y.grad_fn.register_hook(
        lambda grad_inputs, grad_outputs: seen.append(
            (grad_inputs[0].tolist(), grad_inputs[1], grad_outputs[0].tolist())
        )
    )
    y.sum().backward()
    assert seen == [([2.0, 2.0], None, [1.0, 1.0])]
    z = x * x
    handle = z.grad_fn.register_hook(lambda gi, go: (gi[0] * 0, gi[1]))
    x.grad = None
    z.sum().backward()
    assert x.grad.tolist() == [1.0, 2.0]  # only the second input's share (x) arrived
    handle.remove()
