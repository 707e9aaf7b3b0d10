"""Factories as tutorials call them, with values recorded from PyTorch 2.13 (CPU, AMD EPYC).

torch.arange with a float step: PyTorch's CPU kernel works each vector's start out with a fused
multiply-add in double (d2l's `torch.arange(-8.0, 8.0, 0.1)` holds 4.4409e-16 where 0 would
be). Recorded: the elements where the plain `start + i * step` would differ, with PyTorch's value.
"""

from __future__ import annotations

import pytest

import autograd_core as torch

ARANGE = [
    # (start, end, step, dtype, length), {index: PyTorch's value} (the first few that differ)
    (
        (-8.0, 8.0, 0.1, "float32", 160),
        {
            11: -6.899999618530273,
            12: -6.799999713897705,
            18: -6.200000286102295,
            23: -5.700000286102295,
            80: 4.440892098500626e-16,
        },
    ),
    (
        (-3.0, 3.0, 0.3, "float32", 20),
        {
            10: -2.3841858265427618e-08,
            11: 0.29999998211860657,
            12: 0.5999999642372131,
            14: 1.1999999284744263,
        },
    ),
    (
        (-1.0, 1.0, 0.001, "float32", 2000),
        {
            11: -0.9889999628067017,
            15: -0.98499995470047,
            17: -0.9830000400543213,
            18: -0.9820000529289246,
        },
    ),
    (
        (1.0, 2.5, 0.01, "float64", 150),
        {13: 1.1300000000000001, 15: 1.1500000000000001, 36: 1.36, 38: 1.3800000000000001},
    ),
    ((0.5, -7.3, -0.37, "float64", 22), {3: -0.61, 6: -1.72, 11: -3.57, 12: -3.94}),
]


@pytest.mark.parametrize(("case", "values"), ARANGE, ids=[str(c[0]) for c in ARANGE])
def test_arange_with_a_float_step_holds_pytorchs_values(case, values) -> None:
    start, end, step, dtype, length = case
    x = torch.arange(start, end, step, dtype=getattr(torch, dtype))
    assert len(x) == length
    assert {i: x[i].item() for i in values} == values


def test_d2l_sigmoid_grid_prints_as_pytorch() -> None:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    assert str(x.detach()[::40]) == "tensor([-8.0000e+00, -4.0000e+00,  4.4409e-16,  4.0000e+00])"


def test_factories_take_size_as_a_keyword() -> None:
    torch.manual_seed(0)
    assert str(torch.rand(size=(2,))) == "tensor([0.4963, 0.7682])"
    assert torch.zeros(size=(2, 3)).shape == (2, 3)
    assert str(torch.ones(size=[2])) == "tensor([1., 1.])"
    assert torch.empty(size=(1, 4)).shape == (1, 4)
    assert torch.randn(size=(3, 1)).shape == (3, 1)
    with pytest.raises(TypeError, match=r"^zeros\(\) got multiple values for argument 'size'$"):
        torch.zeros(2, size=(3,))


def test_normal_with_numbers_takes_requires_grad_and_dtype() -> None:
    torch.manual_seed(0)
    w = torch.normal(0, 1, (2,), requires_grad=True)
    assert str(w) == "tensor([ 1.5410, -0.2934], requires_grad=True)"
    assert w.is_leaf
    d = torch.normal(0, 1, size=(2,), dtype=torch.float64)
    assert str(d) == "tensor([-2.1788,  0.5684], dtype=torch.float64)"
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.normal(torch.zeros(2), 1.0, requires_grad=True)
