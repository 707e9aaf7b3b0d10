"""inference_mode as PyTorch defines it: inference tensors that can never join a graph.

Messages and behaviours checked side by side with PyTorch 2.13.
"""

from __future__ import annotations

import pytest

import autograd_core as torch

CANNOT_SAVE = "Inference tensors cannot be saved for backward. Please do not use Tensors created"
OUTSIDE = "Inplace update to inference tensor outside InferenceMode is not allowed.You can make"


def test_tensors_made_inside_are_inference_tensors_and_nothing_is_recorded():
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        a = torch.ones(2)
        b = x * 2
        view = a.view(2)
        assert torch.is_inference_mode_enabled() and not torch.is_grad_enabled()
    assert a.is_inference() and b.is_inference() and view.is_inference()
    assert not x.is_inference() and not b.requires_grad and b.grad_fn is None
    assert not torch.is_inference_mode_enabled() and torch.is_grad_enabled()
    assert a.detach().is_inference() and not a.clone().is_inference()


def test_using_an_inference_tensor_where_autograd_must_save_it_raises():
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        a = torch.full((2,), 3.0)
    with pytest.raises(RuntimeError, match=CANNOT_SAVE):
        x * a  # mul saves a for x's gradient
    assert (x + a).tolist() == [4.0, 4.0]  # add saves nothing: fine, as in PyTorch
    with torch.no_grad():
        assert (x * a).tolist() == [3.0, 3.0]  # nothing recorded, nothing saved
    (x * a.clone()).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_in_place_changes_outside_raise_after_writing_as_in_pytorch():
    with torch.inference_mode():
        a = torch.ones(2)
        a.add_(1)  # fine inside
    with pytest.raises(RuntimeError, match=OUTSIDE):
        a.add_(1)
    assert a.tolist() == [3.0, 3.0]  # PyTorch writes, then refuses to count the version
    with pytest.raises(RuntimeError, match="Inference tensors do not track version counter."):
        _ = a._version
    with pytest.raises(RuntimeError, match="Setting requires_grad=True on inference tensor"):
        a.requires_grad_()
    with pytest.raises(RuntimeError, match="Setting requires_grad=True on inference tensor"):
        torch.nn.Parameter(a)


def test_enable_grad_inside_does_not_record_and_inference_mode_false_does():
    with torch.inference_mode():
        with torch.enable_grad():
            assert torch.is_grad_enabled()
            e = torch.ones(1, requires_grad=True) * 2
        with torch.inference_mode(False):
            d = torch.ones(1, requires_grad=True) * 2
            assert torch.is_grad_enabled() and not torch.is_inference_mode_enabled()
    assert not e.requires_grad and e.is_inference()
    assert d.grad_fn is not None and not d.is_inference()


def test_as_a_decorator_with_and_without_parentheses():
    x = torch.ones(2, requires_grad=True)

    @torch.inference_mode()
    def f(t):
        return t * 2

    @torch.inference_mode
    def g(t):
        return t * 3

    assert f(x).is_inference() and g(x).is_inference() and not f(x).requires_grad
    assert repr(torch.inference_mode()).startswith(
        "<torch.autograd.grad_mode.inference_mode object at 0x"
    )
