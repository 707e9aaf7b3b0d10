"""The activations tutorials use, printed as PyTorch 2.13 prints them (values and gradients
recorded from it for these inputs), and Dropout honouring train()/eval()."""

from __future__ import annotations

import pytest

import autograd_core as torch
import autograd_core.nn.functional as F
from autograd_core import nn

X = [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]

PYTORCH = {  # name: (output, gradient of its sum)
    "hardtanh": (
        "tensor([-1.0000, -1.0000, -0.5000,  0.0000,  0.5000,  1.0000,  1.0000],\n"
        "       grad_fn=<HardtanhBackward0>)",
        "tensor([0., 0., 1., 1., 1., 0., 0.])",
    ),
    "relu6": (
        "tensor([0.0000, 0.0000, 0.0000, 0.0000, 0.5000, 1.0000, 3.0000],\n"
        "       grad_fn=<HardtanhBackward0>)",
        "tensor([0., 0., 0., 0., 1., 1., 1.])",
    ),
    "elu": (
        "tensor([-0.9502, -0.6321, -0.3935,  0.0000,  0.5000,  1.0000,  3.0000],\n"
        "       grad_fn=<EluBackward0>)",
        "tensor([0.0498, 0.3679, 0.6065, 1.0000, 1.0000, 1.0000, 1.0000])",
    ),
    "gelu": (
        "tensor([-0.0040, -0.1587, -0.1543,  0.0000,  0.3457,  0.8413,  2.9960],\n"
        "       grad_fn=<GeluBackward0>)",
        "tensor([-0.0119, -0.0833,  0.1325,  0.5000,  0.8675,  1.0833,  1.0119])",
    ),
    "gelu_tanh": (
        "tensor([-0.0036, -0.1588, -0.1543,  0.0000,  0.3457,  0.8412,  2.9964],\n"
        "       grad_fn=<GeluBackward0>)",
        "tensor([-0.0116, -0.0830,  0.1326,  0.5000,  0.8674,  1.0830,  1.0116])",
    ),
    "silu": (
        "tensor([-0.1423, -0.2689, -0.1888,  0.0000,  0.3112,  0.7311,  2.8577],\n"
        "       grad_fn=<SiluBackward0>)",
        "tensor([-0.0881,  0.0723,  0.2600,  0.5000,  0.7400,  0.9277,  1.0881])",
    ),
    "mish": (
        "tensor([-0.1456, -0.3034, -0.2207,  0.0000,  0.3752,  0.8651,  2.9865],\n"
        "       grad_fn=<MishBackward0>)",
        "tensor([-0.0934,  0.0592,  0.2895,  0.6000,  0.8864,  1.0490,  1.0211])",
    ),
}
FUNCTIONS = {
    "hardtanh": F.hardtanh,
    "relu6": F.relu6,
    "elu": F.elu,
    "gelu": F.gelu,
    "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
}


@pytest.mark.parametrize("name", sorted(PYTORCH))
def test_values_and_gradients_print_as_in_pytorch(name):
    x = torch.tensor(X, requires_grad=True)
    y = FUNCTIONS[name](x)
    (g,) = torch.autograd.grad(y.sum(), x)
    assert (repr(y), repr(g)) == PYTORCH[name]


def test_modules_print_as_in_pytorch():
    printed = " ".join(
        repr(m)
        for m in (
            nn.Hardtanh(),
            nn.Hardtanh(-2, 2),
            nn.ReLU6(),
            nn.ELU(alpha=0.5, inplace=True),
            nn.GELU(approximate="tanh"),
            nn.SiLU(),
            nn.Dropout(p=0.2, inplace=True),
            nn.Mish(),
        )
    )
    assert printed == (
        "Hardtanh(min_val=-1.0, max_val=1.0) Hardtanh(min_val=-2, max_val=2) ReLU6() "
        "ELU(alpha=0.5, inplace=True) GELU(approximate='tanh') SiLU() "
        "Dropout(p=0.2, inplace=True) Mish()"
    )


def test_integer_inputs_are_refused_as_pytorch_refuses_them():
    xi = torch.tensor([-1, 2])
    assert repr(F.hardtanh(xi)) == "tensor([-1,  1])" and repr(F.relu6(xi)) == "tensor([0, 2])"
    with pytest.raises(NotImplementedError, match="\"elu_cpu\" not implemented for 'Long'"):
        F.elu(xi)
    with pytest.raises(NotImplementedError, match="\"GeluKernelImpl\" not implemented for 'Long'"):
        F.gelu(xi)
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh."):
        F.gelu(torch.ones(1), approximate="foo")


def test_dropout_trains_with_a_scaled_random_mask_and_is_the_identity_in_eval():
    torch.manual_seed(0)
    drop = nn.Dropout(0.5)
    x = torch.ones(1000, requires_grad=True)
    y = drop(x)
    assert type(y.grad_fn).__name__ == "MulBackward0"
    assert set(y.tolist()) == {0.0, 2.0}  # kept elements are scaled by 1 / (1 - p)
    assert 400 < y.tolist().count(2.0) < 600
    y.sum().backward()
    assert x.grad.tolist() == y.tolist()  # the gradient flows through the kept ones only
    drop.eval()
    assert drop(x) is x
    torch.manual_seed(0)
    assert nn.Dropout(0.5)(torch.ones(1000)).tolist() == y.tolist()  # the seed repeats it
    assert F.dropout(x, 1.0).tolist() == [0.0] * 1000
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but"):
        nn.Dropout(1.5)
