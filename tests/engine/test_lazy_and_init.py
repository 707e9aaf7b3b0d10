"""nn.LazyLinear, nn.init's eye_ / trunc_normal_ / orthogonal_, and torch.where(condition),
as PyTorch 2.13 prints them (the numbers below were printed by PyTorch for the same calls).

A seeded run must draw the same numbers in the same order as PyTorch: the values *and* the
next torch.rand after each call are checked, so a draw too many or too few is noticed.
"""

from __future__ import annotations

import warnings

import pytest

import autograd_core as torch
from autograd_core import nn


@pytest.fixture(autouse=True)
def _quiet() -> None:
    # "Initializing zero-element tensors is a no-op", as PyTorch warns for a lazy layer
    warnings.simplefilter("ignore", UserWarning)


def test_lazy_layers_print_as_lazy_until_the_first_batch_then_as_linear() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.LazyLinear(2), nn.ReLU(), nn.LazyLinear(1))
    assert repr(net) == (
        "Sequential(\n"
        "  (0): LazyLinear(in_features=0, out_features=2, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): LazyLinear(in_features=0, out_features=1, bias=True)\n"
        ")"
    )
    assert repr(net[0].weight) == "<UninitializedParameter>"
    out = net(torch.tensor([[1.0, -1.0, 0.5]]))
    assert repr(out) == "tensor([[-0.1515]], grad_fn=<AddmmBackward0>)"
    assert repr(net) == (
        "Sequential(\n"
        "  (0): Linear(in_features=3, out_features=2, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Linear(in_features=2, out_features=1, bias=True)\n"
        ")"
    )
    assert net[0].weight.flatten().tolist() == pytest.approx(
        [-0.0043225177, 0.3097158372, -0.4751853347, -0.4248946011, -0.2223689705, 0.1548207253]
    )
    assert type(net[0]) is nn.Linear and type(net[0].weight) is nn.Parameter


def test_a_lazy_layer_draws_what_a_linear_layer_of_that_size_draws() -> None:
    torch.manual_seed(0)
    known = nn.Linear(4, 3)
    torch.manual_seed(0)
    lazy = nn.LazyLinear(3)
    lazy(torch.zeros(1, 4))
    assert torch.equal(known.weight, lazy.weight) and torch.equal(known.bias, lazy.bias)


def test_an_optimizer_made_before_the_first_batch_trains_the_materialised_parameters() -> None:
    layer = nn.LazyLinear(1, bias=False)
    opt = torch.optim.SGD(layer.parameters(), lr=0.5)
    layer(torch.ones(1, 2)).sum().backward()
    before = layer.weight.detach().clone()
    opt.step()
    assert opt.param_groups[0]["params"][0] is layer.weight
    assert torch.allclose(layer.weight, before - 0.5)
    assert layer.bias is None


def test_an_uninitialised_parameter_has_no_shape_yet() -> None:
    layer = nn.LazyLinear(3)
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized parameter"):
        layer.weight.shape  # noqa: B018
    assert isinstance(layer, nn.Linear) and layer.in_features == 0


def test_using_an_uninitialised_parameter_fails_as_in_pytorch_naming_the_method() -> None:
    layer = nn.LazyLinear(3)
    for use, method in [
        (lambda: sum(p.numel() for p in layer.parameters()), "numel"),
        (lambda: layer.weight * 2, "mul"),
        (lambda: 1 + layer.bias, "add"),
        (lambda: layer.weight.sum(), "sum"),
    ]:
        with pytest.raises(ValueError, match=f"uninitialized parameter in <method '{method}' of"):
            use()
    layer(torch.ones(1, 2))  # after the first batch it is an ordinary parameter
    assert sum(p.numel() for p in layer.parameters()) == 9
    assert (layer.weight * 2).shape == (3, 2)


def test_eye_fills_the_identity_and_refuses_other_than_two_dimensions() -> None:
    assert nn.init.eye_(torch.empty(2, 3)).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
        nn.init.eye_(torch.empty(3))


@pytest.mark.parametrize(
    ("shape", "kwargs", "printed", "next_rand"),
    [
        (  # most of the bell inside [a, b]: normals, redrawn where outside
            (2, 6),
            {"std": 0.5, "a": -0.3, "b": 0.3},
            [
                *(-0.19607511, 0.08741669, 0.04448905, -0.03992716, 0.02309122, -0.16178913),
                *(0.16874754, -0.08215849, 0.22675058, 0.00604555, 0.26102498, 0.11945871),
            ],
            0.1622423529624939,
        ),
        (  # a thin tail: uniform proposals accepted with probability pdf / peak
            (2, 3),
            {"a": 1.5, "b": 3.0},
            [1.50639534, 1.65835404, 1.58126545, 1.54043221, 1.68188286, 1.59017444],
            0.3686259388923645,
        ),
    ],
)
def test_trunc_normal_draws_pytorchs_numbers(shape, kwargs, printed, next_rand) -> None:
    torch.manual_seed(3)
    w = nn.init.trunc_normal_(torch.empty(*shape), **kwargs)
    assert w.flatten().tolist() == pytest.approx(printed, abs=1e-7)
    assert torch.rand(1).item() == pytest.approx(next_rand, abs=1e-7)


def test_orthogonal_is_the_signed_q_of_pytorchs_normal_matrix() -> None:
    torch.manual_seed(0)
    w = nn.init.orthogonal_(torch.empty(2, 3), gain=2.0)
    assert w.flatten().tolist() == pytest.approx(
        [1.14796185, -0.21858922, -1.62308431, -0.69083023, -1.86176538, -0.23787108],
        abs=1e-5,
    )
    assert torch.allclose(w @ w.T, 4 * torch.eye(2), atol=1e-5)


def test_where_with_only_a_condition_gives_the_indices_per_dimension() -> None:
    rows, cols = torch.where(torch.tensor([[True, False], [False, True]]))
    assert rows.tolist() == [0, 1] and cols.tolist() == [0, 1]
