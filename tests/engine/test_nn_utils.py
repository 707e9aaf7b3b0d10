"""torch.nn.utils: gradient clipping and parameters as a vector (PyTorch 2.13 printed the same)."""

from __future__ import annotations

import math
import warnings

import pytest

import autograd_core as torch
from autograd_core import nn
from autograd_core.nn.utils import (
    clip_grad_norm_,
    clip_grad_value_,
    parameters_to_vector,
    vector_to_parameters,
)


def params_with_grads(*grads):
    out = []
    for g in grads:
        p = nn.Parameter(torch.zeros(len(g)))
        p.grad = torch.tensor(g)
        out.append(p)
    return out


def test_clip_grad_norm_scales_all_gradients_together_and_returns_the_old_norm():
    w, b = params_with_grads([3.0, 4.0], [12.0])
    total = clip_grad_norm_([w, b], max_norm=1.0)
    assert repr(total) == "tensor(13.)"  # √(9 + 16 + 144)
    assert repr(w.grad) == "tensor([0.2308, 0.3077])" and repr(b.grad) == "tensor([0.9231])"
    scale = 1.0 / (13.0 + 1e-6)
    assert w.grad.tolist() == pytest.approx([3 * scale, 4 * scale], rel=1e-6)


def test_small_gradients_are_left_alone_and_other_norms():
    (w,) = params_with_grads([3.0, 4.0])
    assert clip_grad_norm_(w, 100.0).item() == 5.0 and w.grad.tolist() == [3.0, 4.0]
    assert clip_grad_norm_(w, 1.0, norm_type=1).item() == 7.0
    assert repr(w.grad) == "tensor([0.4286, 0.5714])"
    (v,) = params_with_grads([3.0, -4.0])
    assert clip_grad_norm_(v, 1.0, norm_type="inf").item() == 4.0
    assert v.grad.tolist() == pytest.approx([0.75, -1.0], rel=1e-6)


def test_a_generator_of_parameters_works_and_nothing_to_clip_gives_zero():
    model = nn.Linear(3, 2)
    model(torch.ones(1, 3)).sum().backward()
    total = clip_grad_norm_(model.parameters(), 0.5)
    assert total.item() == pytest.approx(math.sqrt(2 * 3 + 2), rel=1e-6)  # ∂/∂W = 1, ∂/∂b = 1
    after = math.sqrt(sum(float((p.grad**2).sum()) for p in model.parameters()))
    assert after == pytest.approx(0.5, rel=1e-5)
    assert repr(clip_grad_norm_([], 1.0)) == "tensor(0.)"
    assert repr(clip_grad_norm_([nn.Parameter(torch.ones(2))], 1.0)) == "tensor(0.)"


def test_non_finite_norm_is_an_error_only_when_asked():
    (w,) = params_with_grads([float("nan"), 1.0])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 for gradients from"):
        clip_grad_norm_(w, 1.0, error_if_nonfinite=True)
    assert math.isnan(clip_grad_norm_(w, 1.0).item())


def test_clip_grad_value_clamps_each_component():
    (w,) = params_with_grads([3.0, -4.0, 0.5])
    assert clip_grad_value_(w, 2.5) is None
    assert w.grad.tolist() == [2.5, -2.5, 0.5]


def test_the_old_name_warns():
    (w,) = params_with_grads([3.0, 4.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.nn.utils.clip_grad_norm(w, 1.0)
    assert caught[0].category is FutureWarning


def test_parameters_to_vector_and_back():
    m = nn.Linear(2, 2)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
        m.bias.copy_(torch.tensor([5.0, 6.0]))
    v = parameters_to_vector(m.parameters())
    assert repr(v) == "tensor([1., 2., 3., 4., 5., 6.], grad_fn=<CatBackward0>)"
    vector_to_parameters(v.detach() * 2, m.parameters())
    assert m.weight.tolist() == [[2.0, 4.0], [6.0, 8.0]] and m.bias.tolist() == [10.0, 12.0]
    assert m.weight.requires_grad and m.weight.is_leaf
    with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
        vector_to_parameters([1.0], m.parameters())
    with pytest.raises(RuntimeError, match=r"shape '\[2, 2\]' is invalid for input of size 3"):
        vector_to_parameters(torch.ones(3), m.parameters())
